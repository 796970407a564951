#pragma once
// tus 1.0 at /api/uploads: core, creation, creation-with-upload, termination, expiration
// and checksum (sha1). The protocol lives here; the rules in UploadService.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "uploads/UploadService.h"

namespace marquee::uploads {

void register_tus_routes(http::Router& router, UploadService& uploads, const accounts::RequestAuth& auth);

}  // namespace marquee::uploads
