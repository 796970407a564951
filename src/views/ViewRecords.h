#pragma once
// The plain data of views and watch history: what the counter keeps per viewer, what one
// flush writes, and what history and stats read back. Rules live in ViewRules and
// ViewCounter, SQL in ViewStore, JSON in ViewJson.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/Clock.h"

namespace marquee::views {

// One viewer of one video. viewer_key is "u:<user id>" for signed-in viewers and
// "a:<anonymous id>" (the marquee_viewer cookie, or the session id) for everyone else.
struct ViewerKey {
  std::string video_id;
  std::string viewer_key;

  bool operator==(const ViewerKey&) const = default;
  auto operator<=>(const ViewerKey&) const = default;
};

// What the server remembers about a viewer of a video: when their view last counted (the
// dedup window) and their current playback session, whose reported watch time is
// cumulative, so each beacon adds only what is new.
struct ViewerState {
  std::optional<std::string> user_id;   // signed-in viewers: their rows go with the account
  std::optional<Millis> counted_at;     // when their view last counted
  std::string session_id;
  std::int64_t session_watched_ms = 0;  // the most watch time the session has reported
  std::int64_t session_max_position_ms = 0;
  bool session_sampled = false;         // the session passed the minimum watch time
  bool completed = false;               // reached the end once

  bool operator==(const ViewerState&) const = default;
};

// A view that counted in memory at `at`; the flush confirms it against the stored
// counted_at, so several API processes never count one viewer twice in a window.
struct CountedView {
  ViewerKey key;
  Millis at = 0;
};

// Additions to one video's aggregates (video_stats).
struct VideoStatsDelta {
  std::int64_t watched_ms = 0;
  double completion_sum = 0;
  std::int64_t completion_samples = 0;
  std::int64_t rewatches = 0;

  void merge(const VideoStatsDelta& later);
};

// Additions to one watch_history row. position_ms is the latest position, the rest grow.
struct HistoryDelta {
  std::int64_t position_ms = 0;
  std::int64_t max_position_ms = 0;
  std::int64_t watched_ms = 0;
  std::int64_t rewatches = 0;
  Millis first_at = 0;
  Millis last_at = 0;

  void merge(const HistoryDelta& later);
};

// (user id, video id)
using HistoryKey = std::pair<std::string, std::string>;

// Everything buffered since the last flush, written in one transaction.
struct ViewBatch {
  std::vector<std::pair<ViewerKey, ViewerState>> viewers;  // changed viewer states, as they are now
  std::vector<CountedView> counted;                        // in the order they counted
  std::map<std::string, VideoStatsDelta> stats;            // by video id
  std::map<HistoryKey, HistoryDelta> history;

  bool empty() const { return viewers.empty() && counted.empty() && stats.empty() && history.empty(); }
};

// A signed-in user's progress on one video, as stored in watch_history.
struct WatchProgress {
  std::string video_id;
  std::int64_t position_ms = 0;
  std::int64_t max_position_ms = 0;
  std::int64_t watched_ms = 0;
  std::int64_t rewatch_count = 0;
  Millis first_watched_at = 0;
  Millis last_watched_at = 0;  // 0: never watched (or history paused since)
};

// A video's aggregates, for feeds and ranking.
struct VideoStats {
  std::int64_t views_count = 0;
  std::int64_t watched_ms = 0;
  double completion_sum = 0;
  std::int64_t completion_samples = 0;
  std::int64_t rewatch_count = 0;

  double average_completion() const {
    return completion_samples == 0 ? 0.0 : completion_sum / static_cast<double>(completion_samples);
  }
};

struct HistorySettings {
  bool paused = false;
};

}  // namespace marquee::views
