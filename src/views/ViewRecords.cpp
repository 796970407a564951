#include "views/ViewRecords.h"

#include <algorithm>

namespace marquee::views {

void VideoStatsDelta::merge(const VideoStatsDelta& later) {
  watched_ms += later.watched_ms;
  completion_sum += later.completion_sum;
  completion_samples += later.completion_samples;
  rewatches += later.rewatches;
}

void HistoryDelta::merge(const HistoryDelta& later) {
  position_ms = later.position_ms;
  max_position_ms = std::max(max_position_ms, later.max_position_ms);
  watched_ms += later.watched_ms;
  rewatches += later.rewatches;
  first_at = std::min(first_at, later.first_at);
  last_at = std::max(last_at, later.last_at);
}

void RetentionDelta::add(int first, int last) {
  first = std::max(first, 0);
  last = std::min(last, kAudienceRetentionPoints);
  for (int point = first; point < last; ++point) ++sessions[static_cast<std::size_t>(point)];
}

void RetentionDelta::merge(const RetentionDelta& later) {
  for (std::size_t point = 0; point < sessions.size(); ++point) sessions[point] += later.sessions[point];
}

}  // namespace marquee::views
