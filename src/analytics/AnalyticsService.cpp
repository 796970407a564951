#include "analytics/AnalyticsService.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/Error.h"
#include "core/Ids.h"
#include "social/CommentEvents.h"
#include "social/RatingEvents.h"

namespace marquee::analytics {

AnalyticsService::AnalyticsService(db::Database& db, videos::VideoService& videos, const Clock& clock,
                                   events::EventBus& bus)
    : store_(db), videos_(videos), clock_(clock), bus_(bus) {
  subscriptions_.push_back(bus_.subscribe(social::kRatingChanged, [this](const events::Event& e) {
    if (published_here(e)) rating_changed(e);
  }));
  subscriptions_.push_back(bus_.subscribe(social::kCommentCreated, [this](const events::Event& e) {
    if (published_here(e)) comments_changed(e, true);
  }));
  subscriptions_.push_back(bus_.subscribe(social::kCommentDeleted, [this](const events::Event& e) {
    if (published_here(e)) comments_changed(e, false);
  }));
}

VideoAnalytics AnalyticsService::video_analytics(const accounts::Principal& who, const std::string& video_id,
                                                 const AnalyticsQuery& query) {
  if (!looks_like_public_id(video_id)) throw_not_found("video");
  auto video = videos_.find(video_id);
  if (!video || (video->owner_id != who.user_id && !who.at_least(accounts::Role::admin))) throw_not_found("video");
  const DayRange range = resolve_day_range(query.from, query.to, views::utc_day(clock_.now_ms()));

  VideoAnalytics report;
  report.video_id = video->id;
  report.range = range;
  report.duration_ms = video->duration_ms;
  report.days.reserve(static_cast<std::size_t>(range.days()));
  const auto stored = store_.days(video->id, range.from, range.to);
  auto next = stored.begin();
  for (views::UtcDay day = range.from; day <= range.to; ++day) {
    DayFigures figures;
    figures.day = day;
    if (next != stored.end() && next->day == day) figures = *next++;
    report.totals.add(figures);
    report.days.push_back(figures);
  }
  report.retention = store_.retention(video->id);
  return report;
}

void AnalyticsService::rating_changed(const events::Event& event) {
  const auto rating = events::data_string(event, "rating");
  const auto previous = events::data_string(event, "previous");
  if (!rating || !previous) return;  // an older node's event: it does not say what changed
  EngagementDelta delta;
  delta.likes_added = *rating == "like" && *previous != "like" ? 1 : 0;
  delta.likes_removed = *previous == "like" && *rating != "like" ? 1 : 0;
  add(event.subject, delta);
}

void AnalyticsService::comments_changed(const events::Event& event, bool created) {
  const auto video_id = events::data_string(event, "video_id");
  if (!video_id) return;
  EngagementDelta delta;
  if (created) {
    delta.comments_added = 1;
  } else {
    delta.comments_removed = std::max<std::int64_t>(0, events::data_integer(event, "removed_count").value_or(1));
  }
  add(*video_id, delta);
}

void AnalyticsService::add(const std::string& video_id, const EngagementDelta& delta) {
  if (delta.empty()) return;
  try {
    store_.add_engagement(video_id, views::utc_day(clock_.now_ms()), delta);
  } catch (const std::exception& e) {
    // The change itself committed; only the studio's daily figure misses it.
    spdlog::warn("analytics: likes and comments of video {} not added to its day: {}", video_id, e.what());
  }
}

}  // namespace marquee::analytics
