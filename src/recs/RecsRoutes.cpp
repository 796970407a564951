#include "recs/RecsRoutes.h"

#include "feeds/FeedRoutes.h"
#include "http/QueryParams.h"
#include "recs/RecsJson.h"

namespace marquee::recs {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

}  // namespace

void register_recs_routes(http::Router& router, RecsService& recs, const accounts::RequestAuth& auth) {
  router.add(
      Method::GET, "/api/videos/{id}/similar",
      [&recs, &auth](Request& request) {
        const auto caller = auth.caller(request);
        return Response::json(200, recs_page_json(recs.similar(caller, request.param("id"), http::limit_param(request),
                                                               feeds::adult_wanted(request, caller, auth))));
      },
      {"Videos similar to this one (content and co-watch blended), each with its match 0-100 (?limit=, ?adult=true "
       "for viewers past the age gate)",
       "recommendations", Access::public_, "", "RecommendationPage"});

  router.add(
      Method::GET, "/api/feed/for-you",
      [&recs, &auth](Request& request) {
        const auto caller = auth.caller(request);
        return Response::json(200, recs_page_json(recs.for_you(caller, feeds::query_from(request, caller, auth))));
      },
      {"For you: videos like those the caller watched, mixed with recent uploads; anonymous and new viewers get the "
       "home feed",
       "recommendations", Access::public_, "", "RecommendationPage"});

  router.add(
      Method::POST, "/api/admin/recs/refresh",
      [&recs, &auth](Request& request) {
        auth.require_role(request, accounts::Role::admin);
        return Response::json(200, recs_status_json(recs.refresh()));
      },
      {"Recompute co-watch (and rebuild the content index when due) now; also done every recs.refresh_interval_s",
       "recommendations", Access::admin, "", "RecsRefresh"});
}

}  // namespace marquee::recs
