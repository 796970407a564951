#pragma once
// The plain data of views and watch history: what the counter keeps per viewer, what one
// flush writes, and what history and stats read back. Rules live in ViewRules and
// ViewCounter, SQL in ViewStore, JSON in ViewJson.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/Clock.h"
#include "views/AudienceRetention.h"
#include "views/TrafficSource.h"

namespace marquee::views {

// A calendar day in UTC, as days since 1970-01-01: the key of the studio's daily rollups.
using UtcDay = std::int64_t;
inline constexpr Millis kUtcDayMs = 24ll * 3600 * 1000;
inline UtcDay utc_day(Millis at) { return at >= 0 ? at / kUtcDayMs : -((-at + kUtcDayMs - 1) / kUtcDayMs); }

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
  std::string session_source;           // the session's first reported source ("" until one)
  bool session_sampled = false;         // the session passed the minimum watch time
  bool completed = false;               // reached the end once

  bool operator==(const ViewerState&) const = default;
};

// A view that counted in memory at `at`; the flush confirms it against the stored
// counted_at, so several API processes never count one viewer twice in a window.
struct CountedView {
  ViewerKey key;
  Millis at = 0;
  TrafficSource source = TrafficSource::external;  // where the session came from
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

// (video id, day): one row of the studio's daily rollup (video_daily_stats).
using DailyKey = std::pair<std::string, UtcDay>;

// Additions to one video's figures of one day that beacons make; the views of the day come
// from the counted views once the flush confirmed them.
struct DailyDelta {
  std::int64_t watched_ms = 0;

  void merge(const DailyDelta& later) { watched_ms += later.watched_ms; }
};

// Additions to one video's audience-retention counters: how many sessions newly reached
// each point (AudienceRetention.h).
struct RetentionDelta {
  std::array<std::int64_t, kAudienceRetentionPoints> sessions{};

  // One more session reached the points [first, last).
  void add(int first, int last);
  void merge(const RetentionDelta& later);
};

// Everything buffered since the last flush, written in one transaction.
struct ViewBatch {
  std::vector<std::pair<ViewerKey, ViewerState>> viewers;  // changed viewer states, as they are now
  std::vector<CountedView> counted;                        // in the order they counted
  std::map<std::string, VideoStatsDelta> stats;            // by video id
  std::map<HistoryKey, HistoryDelta> history;
  std::map<DailyKey, DailyDelta> daily;
  std::map<std::string, RetentionDelta> retention;  // by video id

  bool empty() const {
    return viewers.empty() && counted.empty() && stats.empty() && history.empty() && daily.empty() &&
           retention.empty();
  }
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
