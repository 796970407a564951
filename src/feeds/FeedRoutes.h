#pragma once
// HTTP face of the feeds: GET /api/videos/feed (home), /api/feed/subscriptions,
// /api/feed/trending and /api/feed/reels answer {"items": [video_json…], "next_cursor": …};
// POST /api/admin/feeds/refresh recomputes the rankings at once. Reads the query string and
// asks FeedService; no rules here.
#include "accounts/RequestAuth.h"
#include "feeds/FeedService.h"
#include "http/Router.h"

namespace marquee::feeds {

void register_feed_routes(http::Router& router, FeedService& feeds, const accounts::RequestAuth& auth);

}  // namespace marquee::feeds
