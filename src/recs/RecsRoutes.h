#pragma once
// HTTP face of recommendations: GET /api/videos/{id}/similar?limit=&adult= and
// GET /api/feed/for-you?limit=&cursor=&adult= answer {"items": [video + match…], "next_cursor"};
// POST /api/admin/recs/refresh recomputes co-watch (and the content index when due) at once.
// Reads the query string and asks RecsService; no rules here.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "recs/RecsService.h"

namespace marquee::recs {

void register_recs_routes(http::Router& router, RecsService& recs, const accounts::RequestAuth& auth);

}  // namespace marquee::recs
