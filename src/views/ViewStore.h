#pragma once
// The SQL of views and watch history: viewer states, per-video aggregates, history rows
// and history settings. Knows tables, not rules. A flush batch is written in one
// transaction, and every row it writes is guarded so that a video or account deleted
// meanwhile is skipped rather than failing the batch (a failed statement would end the
// whole transaction on PostgreSQL).
#include <optional>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"
#include "views/ViewRecords.h"

namespace marquee::views {

// A place in the most-recent-first history order (last_watched_at DESC, video_id DESC).
struct HistoryPosition {
  Millis last_watched_at = 0;
  std::string video_id;
};

class ViewStore {
 public:
  explicit ViewStore(db::Database& db) : db_(db) {}

  std::optional<ViewerState> load_viewer(const ViewerKey& key);
  // Writes a flush batch in one transaction. A counted view is confirmed against the stored
  // counted_at (no other count of that viewer within `window_ms`) before it adds to
  // views_count and to the studio's daily views and sources (video_daily_stats,
  // video_daily_sources); the batch's watch time per day and audience-retention deltas go to
  // video_daily_stats and video_audience_retention. History is skipped for users who paused
  // it or cleared it after the delta began.
  void write(const ViewBatch& batch, Millis window_ms, Millis now);

  std::optional<WatchProgress> progress(const std::string& user_id, const std::string& video_id);
  // Most recent first, at most `limit` rows strictly after `after`.
  std::vector<WatchProgress> history(const std::string& user_id, const std::optional<HistoryPosition>& after,
                                     int limit);
  // Deletes every history row of the user and records when, so deltas buffered elsewhere
  // before that moment are dropped. False when the account does not exist.
  bool clear_history(const std::string& user_id, Millis now);
  void delete_history_entry(const std::string& user_id, const std::string& video_id);

  HistorySettings settings(const std::string& user_id);
  // False when the account does not exist.
  bool set_paused(const std::string& user_id, bool paused, Millis now);

  VideoStats stats(const std::string& video_id);
  // Deletes viewer states untouched since `before`; returns how many.
  std::int64_t remove_viewers_idle_since(Millis before);

 private:
  db::Database& db_;
};

}  // namespace marquee::views
