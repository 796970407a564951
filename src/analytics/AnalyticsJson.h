#pragma once
// The JSON of a video's studio analytics (docs/studio.md#analytics: the shape the web app's
// charts read).
#include <boost/json/object.hpp>

#include "analytics/AnalyticsRecords.h"

namespace marquee::analytics {

// {video_id, from, to, duration_ms, totals, days: [{date, …}], retention: {sessions, points}}
boost::json::object video_analytics_json(const VideoAnalytics& report);

}  // namespace marquee::analytics
