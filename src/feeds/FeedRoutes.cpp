#include "feeds/FeedRoutes.h"

#include <boost/json/object.hpp>

#include <functional>

#include "core/Error.h"
#include "feeds/MemoryOnly.h"
#include "http/QueryParams.h"

namespace marquee::feeds {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

TrendingPeriod period_from(const Request& request) {
  auto text = request.query("window");
  if (!text || text->empty()) return TrendingPeriod::day;
  auto period = parse_period(*text);
  if (!period) throw_validation("window", "window must be 24h or 7d");
  return *period;
}

Response json_body(std::string body) { return Response::text(200, std::move(body), "application/json"); }

// Whether a feed's page depends on who asks: `shared` for every caller, `anonymous_only` for
// callers who are not signed in (home and reels use a signed-in caller's subscriptions and taste).
enum class Sharing { shared, anonymous_only };

// The page-cache key of a request whose page every caller of its kind sees alike, or nullopt
// when the page is the caller's own (a signed-in caller who blocked a channel has their own
// pages of every feed). Under MemoryOnly, throws NotInMemory when the caller's blocks are not held.
std::optional<std::string> shared_key(FeedService& feeds, const Request& request, const accounts::Caller& caller,
                                      const accounts::RequestAuth& auth, std::string_view feed, Sharing sharing) {
  if (!feeds.page_cache().enabled()) return std::nullopt;
  if (caller && (sharing == Sharing::anonymous_only || feeds.blocks_any_channel(caller->user_id))) {
    return std::nullopt;
  }
  const bool adult = adult_wanted(request, caller, auth);
  return std::string(feed) + (adult ? "|adult|" : "|-|") + request.query_string;
}

// A route whose shareable pages are answered from the page cache: on the I/O thread when
// cached (fast path), else computed on the pool by `compute` and stored. A caller's own page
// is computed on the I/O thread when it needs nothing from the database, else on the pool.
void add_cached_feed(http::Router& router, std::string pattern, std::string_view feed, Sharing sharing,
                     FeedService& feeds, const accounts::RequestAuth& auth,
                     std::function<videos::VideoPage(Request&, const accounts::Caller&)> compute, http::RouteDoc doc) {
  router.add(
      Method::GET, std::move(pattern),
      [&feeds, &auth, feed, sharing, compute](Request& request) {
        const auto caller = auth.caller(request);
        const auto key = shared_key(feeds, request, caller, auth, feed, sharing);
        if (!key) return json_body(feed_page_json(feeds.item_json(), compute(request, caller)));
        auto computing = feeds.page_cache().compute_lock(*key);
        if (auto cached = feeds.page_cache().get_fresh(*key)) return json_body(std::move(*cached));
        const auto epoch = feeds.page_cache().epoch();
        std::string body = feed_page_json(feeds.item_json(), compute(request, caller));
        feeds.page_cache().put(*key, body, epoch);
        return json_body(std::move(body));
      },
      std::move(doc),
      {.fast_path = [&feeds, &auth, feed, sharing, compute](Request& request) -> std::optional<Response> {
        const auto known = auth.caller_from_memory(request);
        if (!known) return std::nullopt;
        const auto& caller = *known;
        // From memory or not at all: what is not held sends the request to the pool, which reads it.
        MemoryOnly memory_only;
        try {
          if (const auto key = shared_key(feeds, request, caller, auth, feed, sharing)) {
            auto body = feeds.page_cache().get(*key);
            if (!body) return std::nullopt;
            return json_body(std::move(*body));
          }
          // The caller's own page, when everything it needs is in memory: no database, no pool.
          return json_body(feed_page_json(feeds.item_json(), compute(request, caller)));
        } catch (const NotInMemory&) {
          return std::nullopt;
        }
      }});
}

}  // namespace

bool adult_wanted(const Request& request, const accounts::Caller& caller, const accounts::RequestAuth& auth) {
  return http::adult_param(request) && auth.passes_age_gate(request, caller);
}

FeedQuery query_from(const Request& request, const accounts::Caller& caller, const accounts::RequestAuth& auth) {
  return {http::limit_param(request), request.query("cursor"), adult_wanted(request, caller, auth)};
}

void register_feed_routes(http::Router& router, FeedService& feeds, const accounts::RequestAuth& auth) {
  add_cached_feed(
      router, "/api/videos/feed", "home", Sharing::anonymous_only, feeds, auth,
      [&feeds, &auth](Request& request, const accounts::Caller& caller) { return feeds.home(caller, query_from(request, caller, auth)); },
      {"Home feed: subscriptions, trending and fresh uploads blended (?adult=true past the age gate)", "feeds",
       Access::public_, "", "FeedPage"});

  router.add(
      Method::GET, "/api/feed/subscriptions",
      [&feeds, &auth](Request& request) {
        auto viewer = auth.require_user(request);
        return json_body(feed_page_json(feeds.item_json(), feeds.subscriptions(viewer, query_from(request, accounts::Caller(viewer), auth))));
      },
      {"Newest videos from the channels the caller follows", "feeds", Access::user, "", "FeedPage"});

  add_cached_feed(
      router, "/api/feed/trending", "trending", Sharing::shared, feeds, auth,
      [&feeds, &auth](Request& request, const accounts::Caller& caller) {
        const TrendingPeriod period = period_from(request);
        return feeds.trending(caller, period, query_from(request, caller, auth));
      },
      {"Trending videos of the last 24h or 7d (?window=24h|7d): time-decayed engagement times watch quality",
       "feeds", Access::public_, "", "FeedPage"});

  add_cached_feed(
      router, "/api/feed/reels", "reels", Sharing::anonymous_only, feeds, auth,
      [&feeds, &auth](Request& request, const accounts::Caller& caller) {
        std::string session = request.query("session").value_or("");
        if (!session.empty()) validate_session(session);
        return feeds.reels(caller, session, query_from(request, caller, auth));
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
