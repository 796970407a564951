#include "search/SearchRoutes.h"

#include <boost/json/object.hpp>

#include <charconv>

#include "core/Error.h"
#include "http/QueryParams.h"
#include "search/SearchJson.h"

namespace marquee::search {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

// A parameter that must be one of a few words; absent or empty reads as nullopt.
template <typename T>
std::optional<T> choice(const Request& request, const char* name, std::optional<T> (*parse)(std::string_view),
                        const char* allowed) {
  auto text = request.query(name);
  if (!text || text->empty()) return std::nullopt;
  auto value = parse(*text);
  if (!value) throw_validation(name, std::string(name) + " must be one of " + allowed);
  return value;
}

std::optional<std::string> nonempty(const Request& request, const char* name) {
  auto text = request.query(name);
  if (!text || text->empty()) return std::nullopt;
  return std::string(*text);
}

int int_param(const Request& request, const char* name, int fallback, int lo, int hi) {
  auto text = request.query(name);
  if (!text || text->empty()) return fallback;
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < lo || value > hi) {
    throw_validation(name, std::string(name) + " must be an integer from " + std::to_string(lo) + " to " +
                               std::to_string(hi));
  }
  return value;
}

SearchRequest search_request(const Request& request, const accounts::Caller& caller,
                             const accounts::RequestAuth& auth) {
  SearchRequest r;
  r.q = std::string(request.query("q").value_or(""));
  r.type = choice<ResultType>(request, "type", parse_result_type, "video, channel, playlist, all").value_or(ResultType::video);
  r.sort = choice<SearchSort>(request, "sort", parse_sort, "relevance, date, views, rating");
  r.duration = choice<DurationFilter>(request, "duration", parse_duration_filter, "short, medium, long");
  r.uploaded = choice<UploadedFilter>(request, "uploaded", parse_uploaded_filter, "hour, day, week, month, year");
  r.tag = nonempty(request, "tag");
  r.category = nonempty(request, "category");
  r.cursor = nonempty(request, "cursor");
  r.limit = http::limit_param(request);
  r.adult = http::adult_param(request) && auth.passes_age_gate(request, caller);
  return r;
}

}  // namespace

void register_search_routes(http::Router& router, SearchService& search, const accounts::RequestAuth& auth) {
  router.add(
      Method::GET, "/api/search",
      [&search, &auth](Request& request) {
        const auto caller = auth.caller(request);
        return Response::json(200, search_results_json(search.search(caller, search_request(request, caller, auth))));
      },
      {"Search videos, channels and playlists (?q=&type=&tag=&category=&duration=&uploaded=&sort=&cursor=); "
       "typo-tolerant, \"phrases\", -exclusions, prefix on the last word (docs/search.md)",
       "search", Access::public_, "", "SearchPage"});

  router.add(
      Method::GET, "/api/search/suggest",
      [&search](Request& request) {
        return Response::json(200, suggestions_json(search.suggest(std::string(request.query("q").value_or("")))));
      },
      {"Completions of what is being typed: popular queries, words, titles, tags and channels", "search",
       Access::public_, "", "Suggestions"});

  router.add(
      Method::GET, "/api/tags",
      [&search](Request& request) {
        std::optional<std::string> next;
        auto tags = search.tags(std::string(request.query("prefix").value_or("")), nonempty(request, "cursor"),
                                http::limit_param(request), next);
        return Response::json(200, tag_page_json(tags, next));
      },
      {"Tags of listed videos, most used first, with counts (?prefix=)", "search", Access::public_, "", "TagPage"});

  router.add(
      Method::GET, "/api/tags/{tag}/videos",
      [&search, &auth](Request& request) {
        const auto caller = auth.caller(request);
        SearchRequest r = search_request(request, caller, auth);
        r.q.clear();
        r.type = ResultType::video;
        r.tag = request.param("tag");
        return Response::json(200, search_results_json(search.search(caller, r)));
      },
      {"Listed videos with a tag, newest first (?sort=date|views|rating)", "search", Access::public_, "",
       "SearchPage"});

  router.add(
      Method::GET, "/api/categories",
      [&search](Request&) { return Response::json(200, categories_json(search.categories())); },
      {"The site's categories (search.categories) with their listed videos", "search", Access::public_, "",
       "CategoryList"});

  router.add(
      Method::GET, "/api/admin/search/stats",
      [&search, &auth](Request& request) {
        auto admin = auth.require_role(request, accounts::Role::admin);
        const int days = int_param(request, "days", 7, 1, 365);
        const int limit = int_param(request, "limit", 50, 1, 500);
        auto top = search.query_stats(admin, days, false, limit);
        auto zero = search.query_stats(admin, days, true, limit);
        return Response::json(200, search_stats_json(days, top, zero));
      },
      {"Top and zero-result queries of the last ?days= (default 7); the log keeps no user ids", "search",
       Access::admin, "", "SearchStats"});

  router.add(
      Method::POST, "/api/admin/search/refresh",
      [&search, &auth](Request& request) {
        auth.require_role(request, accounts::Role::admin);
        search.refresh();
        return Response::no_content();
      },
      {"Reload the typo vocabulary and suggestions now (also every search.refresh_interval_s)", "search",
       Access::admin, "", "", 204});
}

}  // namespace marquee::search
