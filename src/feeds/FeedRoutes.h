#pragma once
// HTTP face of the feeds: GET /api/videos/feed (home), /api/feed/subscriptions,
// /api/feed/trending and /api/feed/reels answer {"items": [video_json…], "next_cursor": …};
// POST /api/admin/feeds/refresh recomputes the rankings at once. Reads the query string and
// asks FeedService; no rules here.
#include "accounts/RequestAuth.h"
#include "feeds/FeedService.h"
#include "http/Router.h"

namespace marquee::feeds {

// ?adult=: true/1 or false/0 (absent: false); anything else is a 400 naming "adult".
bool adult_from(const http::Request& request);
// ?limit=, ?cursor= and ?adult= of a feed page (recommendations read them the same way).
FeedQuery query_from(const http::Request& request);

void register_feed_routes(http::Router& router, FeedService& feeds, const accounts::RequestAuth& auth);

}  // namespace marquee::feeds
