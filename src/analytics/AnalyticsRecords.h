#pragma once
// The plain data of a video's studio analytics: one day's figures, the audience-retention
// counters and the report the route answers with. Rules live in AnalyticsService, SQL in
// AnalyticsStore, JSON in AnalyticsJson; the formulas are in docs/studio.md#analytics.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "analytics/DayRange.h"
#include "views/AudienceRetention.h"
#include "views/TrafficSource.h"
#include "views/ViewRecords.h"

namespace marquee::analytics {

using SourceCounts = std::array<std::int64_t, views::kTrafficSourceCount>;  // by TrafficSource
using RetentionCounts = std::array<std::int64_t, views::kAudienceRetentionPoints>;

// A video's figures over one day (or, added up, over a range).
struct DayFigures {
  views::UtcDay day = 0;
  std::int64_t views = 0;        // counted views
  std::int64_t watched_ms = 0;   // watch time of every session
  std::int64_t likes_added = 0;
  std::int64_t likes_removed = 0;
  std::int64_t comments_added = 0;
  std::int64_t comments_removed = 0;
  SourceCounts sources{};        // counted views by where they came from

  void add(const DayFigures& other);
  // watched_ms / views, rounded down; 0 without views.
  std::int64_t average_view_duration_ms() const { return views == 0 ? 0 : watched_ms / views; }
};

// Additions to one day's likes and comments, from the social features' events.
struct EngagementDelta {
  std::int64_t likes_added = 0;
  std::int64_t likes_removed = 0;
  std::int64_t comments_added = 0;
  std::int64_t comments_removed = 0;

  bool empty() const { return likes_added == 0 && likes_removed == 0 && comments_added == 0 && comments_removed == 0; }
};

struct VideoAnalytics {
  std::string video_id;
  DayRange range;
  std::int64_t duration_ms = 0;
  std::vector<DayFigures> days;  // every day of the range, oldest first, days without data as zeros
  DayFigures totals;             // the days added up
  RetentionCounts retention{};   // sessions that reached each point, over the video's whole life
};

}  // namespace marquee::analytics
