#pragma once
// GET /api/studio/videos/{id}/analytics?from=&to=: a video's studio analytics, for its
// owner and admins (docs/studio.md#analytics).
#include "accounts/RequestAuth.h"
#include "analytics/AnalyticsService.h"
#include "http/Router.h"

namespace marquee::analytics {

void register_analytics_routes(http::Router& router, AnalyticsService& analytics, const accounts::RequestAuth& auth);

}  // namespace marquee::analytics
