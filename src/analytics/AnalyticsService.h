#pragma once
// The creator studio's per-video analytics: views, watch time, average view duration,
// likes, comments and traffic sources per UTC day, and the audience-retention curve. Every
// figure is a rollup kept up to date as things happen, so a report reads a few rows per day
// and never scans views or ratings: the view flush writes views, watch time, sources and
// retention (views/ViewStore.cpp); this service adds likes and comments as the rating and
// comment events arrive (only for events published on this node, so each counts once
// however many nodes there are). A report is for the video's owner and admins; everyone
// else is told the video does not exist.
//
// Thread safety: safe to share between threads.
#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "analytics/AnalyticsRecords.h"
#include "analytics/AnalyticsStore.h"
#include "core/Clock.h"
#include "db/Database.h"
#include "events/EventBus.h"
#include "videos/VideoService.h"

namespace marquee::analytics {

struct AnalyticsQuery {
  std::optional<std::string> from;  // YYYY-MM-DD (UTC), inclusive
  std::optional<std::string> to;
};

class AnalyticsService {
 public:
  AnalyticsService(db::Database& db, videos::VideoService& videos, const Clock& clock, events::EventBus& bus);

  // 404 unless `who` owns the video or is an admin; 400 for a bad range (DayRange.h).
  VideoAnalytics video_analytics(const accounts::Principal& who, const std::string& video_id,
                                 const AnalyticsQuery& query);

 private:
  bool published_here(const events::Event& event) const { return event.origin == bus_.node_id(); }
  void rating_changed(const events::Event& event);
  void comments_changed(const events::Event& event, bool created);
  void add(const std::string& video_id, const EngagementDelta& delta);

  AnalyticsStore store_;
  videos::VideoService& videos_;
  const Clock& clock_;
  events::EventBus& bus_;
  std::vector<events::Subscription> subscriptions_;  // last: cancelled before the rest goes
};

}  // namespace marquee::analytics
