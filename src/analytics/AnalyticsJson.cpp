#include "analytics/AnalyticsJson.h"

#include <boost/json/array.hpp>

namespace marquee::analytics {
namespace {

boost::json::object figures_json(const DayFigures& figures) {
  boost::json::object sources;
  for (views::TrafficSource source : views::kTrafficSources) {
    sources[views::traffic_source_name(source)] = figures.sources[static_cast<std::size_t>(source)];
  }
  return {
      {"views", figures.views},
      {"watch_time_ms", figures.watched_ms},
      {"average_view_duration_ms", figures.average_view_duration_ms()},
      {"likes", figures.likes_added - figures.likes_removed},
      {"likes_added", figures.likes_added},
      {"likes_removed", figures.likes_removed},
      {"comments", figures.comments_added - figures.comments_removed},
      {"comments_added", figures.comments_added},
      {"comments_removed", figures.comments_removed},
      {"sources", std::move(sources)},
  };
}

boost::json::object retention_json(const RetentionCounts& counts, std::int64_t duration_ms) {
  const std::int64_t sessions = counts[0];  // every session reaches the start
  boost::json::array points;
  points.reserve(counts.size());
  for (int point = 0; point < views::kAudienceRetentionPoints; ++point) {
    const std::int64_t reached = counts[static_cast<std::size_t>(point)];
    points.push_back(boost::json::object{
        {"point", point},
        {"position_ms", views::retention_point_position_ms(point, duration_ms)},
        {"sessions", reached},
        {"share", sessions == 0 ? 0.0 : static_cast<double>(reached) / static_cast<double>(sessions)},
    });
  }
  return {{"sessions", sessions}, {"points", std::move(points)}};
}

}  // namespace

boost::json::object video_analytics_json(const VideoAnalytics& report) {
  boost::json::array days;
  days.reserve(report.days.size());
  for (const auto& figures : report.days) {
    boost::json::object day{{"date", utc_date_name(figures.day)}};
    boost::json::object values = figures_json(figures);
    for (auto& [key, value] : values) day[key] = std::move(value);
    days.push_back(std::move(day));
  }
  return {
      {"video_id", report.video_id},
      {"from", utc_date_name(report.range.from)},
      {"to", utc_date_name(report.range.to)},
      {"duration_ms", report.duration_ms},
      {"totals", figures_json(report.totals)},
      {"days", std::move(days)},
      {"retention", retention_json(report.retention, report.duration_ms)},
  };
}

}  // namespace marquee::analytics
