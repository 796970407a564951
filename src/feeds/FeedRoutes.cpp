#include "feeds/FeedRoutes.h"

#include <boost/json/array.hpp>

#include <charconv>

#include "core/Error.h"
#include "videos/VideoJson.h"

namespace marquee::feeds {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

std::optional<std::int64_t> limit_from(const Request& request) {
  auto text = request.query("limit");
  if (!text || text->empty()) return std::nullopt;
  std::int64_t limit = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc() || end != text->data() + text->size()) throw_validation("limit", "limit must be an integer");
  return limit;
}

bool adult_from(const Request& request) {
  auto text = request.query("adult");
  if (!text || text->empty() || *text == "false" || *text == "0") return false;
  if (*text == "true" || *text == "1") return true;
  throw_validation("adult", "adult must be true or false");
}

FeedQuery query_from(const Request& request) { return {limit_from(request), request.query("cursor"), adult_from(request)}; }

TrendingPeriod period_from(const Request& request) {
  auto text = request.query("window");
  if (!text || text->empty()) return TrendingPeriod::day;
  auto period = parse_period(*text);
  if (!period) throw_validation("window", "window must be 24h or 7d");
  return *period;
}

Response page_response(const videos::VideoPage& page) {
  boost::json::array items;
  for (const auto& video : page.items) items.emplace_back(videos::video_json(video));
  boost::json::object out{{"items", std::move(items)}};
  out["next_cursor"] = page.next_cursor ? boost::json::value(*page.next_cursor) : nullptr;
  return Response::json(200, out);
}

}  // namespace

void register_feed_routes(http::Router& router, FeedService& feeds, const accounts::RequestAuth& auth) {
  router.add(
      Method::GET, "/api/videos/feed",
      [&feeds, &auth](Request& request) {
        return page_response(feeds.home(auth.caller(request), query_from(request)));
      },
      {"Home feed: subscriptions, trending and fresh uploads blended (?adult=true for signed-in callers)", "feeds",
       Access::public_, "", "FeedPage"});

  router.add(
      Method::GET, "/api/feed/subscriptions",
      [&feeds, &auth](Request& request) {
        auto viewer = auth.require_user(request);
        return page_response(feeds.subscriptions(viewer, query_from(request)));
      },
      {"Newest videos from the channels the caller follows", "feeds", Access::user, "", "FeedPage"});

  router.add(
      Method::GET, "/api/feed/trending",
      [&feeds, &auth](Request& request) {
        const TrendingPeriod period = period_from(request);
        return page_response(feeds.trending(auth.caller(request), period, query_from(request)));
      },
      {"Trending videos of the last 24h or 7d (?window=24h|7d): time-decayed engagement times watch quality",
       "feeds", Access::public_, "", "FeedPage"});

  router.add(
      Method::GET, "/api/feed/reels",
      [&feeds, &auth](Request& request) {
        std::string session = request.query("session").value_or("");
        if (!session.empty()) validate_session(session);
        return page_response(feeds.reels(auth.caller(request), session, query_from(request)));
      },
      {"Short vertical videos by heat: completion, rewatches, taste match and seeded exploration (?session=)",
       "feeds", Access::public_, "", "FeedPage"});

  router.add(
      Method::POST, "/api/admin/feeds/refresh",
      [&feeds, &auth](Request& request) {
        auth.require_role(request, accounts::Role::admin);
        return Response::json(200, boost::json::object{{"generation", feeds.refresh()}});
      },
      {"Recompute the trending and reel rankings now (they are also recomputed every feeds.refresh_interval_s)",
       "feeds", Access::admin, "", "FeedRefresh"});
}

}  // namespace marquee::feeds
