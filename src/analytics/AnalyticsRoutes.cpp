#include "analytics/AnalyticsRoutes.h"

#include "analytics/AnalyticsJson.h"

namespace marquee::analytics {

void register_analytics_routes(http::Router& router, AnalyticsService& analytics, const accounts::RequestAuth& auth) {
  router.add(
      http::Method::GET, "/api/studio/videos/{id}/analytics",
      [&analytics, &auth](http::Request& request) {
        auto who = auth.require_user(request);
        AnalyticsQuery query{request.query("from"), request.query("to")};
        return http::Response::json(200, video_analytics_json(analytics.video_analytics(who, request.param("id"), query)));
      },
      {"A video's analytics per UTC day over ?from=&to= (YYYY-MM-DD, inclusive; default the last 28 days, at most "
       "366) and its audience-retention curve (owner and admins)",
       "studio", http::Access::user, "", "VideoAnalytics"});
}

}  // namespace marquee::analytics
