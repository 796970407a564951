#pragma once
// HTTP face of the feeds: GET /api/videos/feed (home), /api/feed/subscriptions,
// /api/feed/trending and /api/feed/reels answer {"items": [video_json…], "next_cursor": …};
// POST /api/admin/feeds/refresh recomputes the rankings at once. Reads the query string and
// asks FeedService; no rules here.
#include "accounts/RequestAuth.h"
#include "feeds/FeedService.h"
#include "http/Router.h"

namespace marquee::feeds {

// Adult videos for this request: asked for (?adult=true) and the age gate passed (AgeGate.h).
bool adult_wanted(const http::Request& request, const accounts::Caller& caller, const accounts::RequestAuth& auth);
// ?limit=, ?cursor= and ?adult= (gated) of a feed page (recommendations read them the same way).
FeedQuery query_from(const http::Request& request, const accounts::Caller& caller, const accounts::RequestAuth& auth);

void register_feed_routes(http::Router& router, FeedService& feeds, const accounts::RequestAuth& auth);

}  // namespace marquee::feeds
