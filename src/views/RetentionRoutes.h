#pragma once
// HTTP face of retention: GET and PATCH /api/videos/{id}/retention for a video's owner and
// moderators. Parsing and shaping only; the rules are in RetentionService.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "views/RetentionService.h"

namespace marquee::views {

void register_retention_routes(http::Router& router, RetentionService& retention, const accounts::RequestAuth& auth);

}  // namespace marquee::views
