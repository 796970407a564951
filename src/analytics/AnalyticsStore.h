#pragma once
// The SQL of the studio's analytics rollups: reads video_daily_stats, video_daily_sources and
// video_audience_retention (the view flush writes them: views/ViewStore.cpp) and adds the
// likes and comments of a day. Knows tables, not rules; never reads raw view or rating rows.
#include <string>
#include <vector>

#include "analytics/AnalyticsRecords.h"
#include "db/Database.h"

namespace marquee::analytics {

class AnalyticsStore {
 public:
  explicit AnalyticsStore(db::Database& db) : db_(db) {}

  // The days of [from, to] that have a row, oldest first, with their sources.
  std::vector<DayFigures> days(const std::string& video_id, views::UtcDay from, views::UtcDay to);
  RetentionCounts retention(const std::string& video_id);
  // Adds to the video's figures of `day`; nothing when the video is gone.
  void add_engagement(const std::string& video_id, views::UtcDay day, const EngagementDelta& delta);

 private:
  db::Database& db_;
};

}  // namespace marquee::analytics
