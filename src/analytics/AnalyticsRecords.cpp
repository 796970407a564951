#include "analytics/AnalyticsRecords.h"

namespace marquee::analytics {

void DayFigures::add(const DayFigures& other) {
  views += other.views;
  watched_ms += other.watched_ms;
  likes_added += other.likes_added;
  likes_removed += other.likes_removed;
  comments_added += other.comments_added;
  comments_removed += other.comments_removed;
  for (std::size_t i = 0; i < sources.size(); ++i) sources[i] += other.sources[i];
}

}  // namespace marquee::analytics
