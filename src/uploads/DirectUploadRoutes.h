#pragma once
// POST /api/uploads/presigned (URLs to PUT a video's bytes straight to the store) and
// POST /api/uploads/presigned/{id}/complete (verify and start processing). DirectUploads.h
// describes the flow.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "uploads/DirectUploads.h"

namespace marquee::uploads {

void register_direct_upload_routes(http::Router& router, DirectUploads& direct, const accounts::RequestAuth& auth);

}  // namespace marquee::uploads
