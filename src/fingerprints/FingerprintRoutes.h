#pragma once
// HTTP routes of the fingerprint blocklist, for admins: its lists, and hash lists in and out
// (hex, one per line) to share with other sites.
#include "accounts/RequestAuth.h"
#include "fingerprints/FingerprintService.h"
#include "http/Router.h"

namespace marquee::fingerprints {

void register_fingerprint_routes(http::Router& router, FingerprintService& service, const accounts::RequestAuth& auth);

}  // namespace marquee::fingerprints
