#include "analytics/AnalyticsStore.h"

#include <map>

namespace marquee::analytics {
namespace {

constexpr const char* kUpsertEngagement =
    "INSERT INTO video_daily_stats (video_id, day, likes_added, likes_removed, comments_added, comments_removed) "
    "SELECT CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), "
    "CAST(? AS BIGINT) WHERE EXISTS (SELECT 1 FROM videos WHERE id = ?) "
    "ON CONFLICT (video_id, day) DO UPDATE SET likes_added = video_daily_stats.likes_added + excluded.likes_added, "
    "likes_removed = video_daily_stats.likes_removed + excluded.likes_removed, "
    "comments_added = video_daily_stats.comments_added + excluded.comments_added, "
    "comments_removed = video_daily_stats.comments_removed + excluded.comments_removed";

}  // namespace

std::vector<DayFigures> AnalyticsStore::days(const std::string& video_id, views::UtcDay from, views::UtcDay to) {
  return db_.read([&](db::Connection& c) {
    std::map<views::UtcDay, DayFigures> by_day;
    for (auto row : c.exec("SELECT day, views, watched_ms, likes_added, likes_removed, comments_added, "
                           "comments_removed FROM video_daily_stats WHERE video_id = ? AND day >= ? AND day <= ?",
                           {video_id, from, to})) {
      DayFigures& figures = by_day[row.i64("day")];
      figures.day = row.i64("day");
      figures.views = row.i64("views");
      figures.watched_ms = row.i64("watched_ms");
      figures.likes_added = row.i64("likes_added");
      figures.likes_removed = row.i64("likes_removed");
      figures.comments_added = row.i64("comments_added");
      figures.comments_removed = row.i64("comments_removed");
    }
    for (auto row : c.exec("SELECT day, source, views FROM video_daily_sources "
                           "WHERE video_id = ? AND day >= ? AND day <= ?",
                           {video_id, from, to})) {
      DayFigures& figures = by_day[row.i64("day")];
      figures.day = row.i64("day");
      const auto source = views::traffic_source_of(row.str("source"));
      figures.sources[static_cast<std::size_t>(source)] += row.i64("views");
    }
    std::vector<DayFigures> days;
    days.reserve(by_day.size());
    for (auto& [day, figures] : by_day) days.push_back(std::move(figures));
    return days;
  });
}

RetentionCounts AnalyticsStore::retention(const std::string& video_id) {
  RetentionCounts counts{};
  for (auto row : db_.query("SELECT point, sessions FROM video_audience_retention WHERE video_id = ?", {video_id})) {
    const std::int64_t point = row.i64("point");
    if (point >= 0 && point < views::kAudienceRetentionPoints) counts[static_cast<std::size_t>(point)] = row.i64("sessions");
  }
  return counts;
}

void AnalyticsStore::add_engagement(const std::string& video_id, views::UtcDay day, const EngagementDelta& delta) {
  db_.execute(kUpsertEngagement, {video_id, day, delta.likes_added, delta.likes_removed, delta.comments_added,
                                  delta.comments_removed, video_id});
}

}  // namespace marquee::analytics
