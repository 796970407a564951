#pragma once
// Views and watch history. Players send beacons; a view counts once per viewer per window
// after the minimum watch time (ViewRules), and only for playable or ready videos the
// caller may see. Beacons never write on their own: ViewCounter buffers their effects and
// flush() writes them in one transaction (App calls it every views.flush_interval_ms and
// at shutdown), so totals are exact after a flush. Signed-in viewers also get a watch
// history, which they may pause, read and delete.
//
// Thread safety: safe to share between threads; flush() may run while beacons arrive.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "db/Database.h"
#include "videos/Video.h"
#include "events/EventBus.h"
#include "videos/VideoService.h"
#include "views/ViewCounter.h"
#include "views/ViewRecords.h"
#include "views/ViewRules.h"
#include "views/ViewStore.h"

namespace marquee::views {

inline constexpr std::int64_t kDefaultHistoryPageSize = 20;
inline constexpr std::int64_t kMaxHistoryPageSize = 100;
// Viewer states idle this long are pruned; until then a returning viewer who once finished
// the video is recognised as rewatching it.
inline constexpr Millis kViewerStateRetentionMs = 30ll * 24 * 3600 * 1000;

struct ViewOptions {
  CountingRules rules;
  std::size_t max_tracked_viewers = kDefaultViewerCapacity;
};

struct HistoryQuery {
  std::optional<std::int64_t> limit;
  std::optional<std::string> cursor;  // next_cursor of the previous page
};

// A video with the viewer's progress on it.
struct WatchedVideo {
  videos::Video video;
  WatchProgress progress;
};

struct HistoryPage {
  std::vector<WatchedVideo> items;          // may hold fewer than limit when videos became hidden
  std::optional<std::string> next_cursor;  // absent on the last page
};

class ViewService {
 public:
  // Forgets what it buffered about a video when any node deletes it (kVideoDeleted on `bus`).
  ViewService(db::Database& db, videos::VideoService& videos, const Clock& clock, events::EventBus& bus,
              ViewOptions options = {});

  // Applies a player beacon. `anonymous_id` identifies callers who are not signed in (the
  // marquee_viewer cookie, or the session id). 404 when the caller may not see the video,
  // 400 for a malformed beacon. True when this beacon made the view count.
  bool record_beacon(const accounts::Caller& caller, const std::string& video_id, const std::string& anonymous_id,
                     const Beacon& beacon);

  // The caller's progress on a video they may see, including beacons not yet flushed.
  WatchedVideo progress(const accounts::Principal& who, const std::string& video_id);
  // Most recently watched first; videos the user may no longer see are left out.
  HistoryPage history(const accounts::Principal& who, const HistoryQuery& query);
  void clear_history(const accounts::Principal& who);
  void remove_from_history(const accounts::Principal& who, const std::string& video_id);
  HistorySettings history_settings(const accounts::Principal& who);
  HistorySettings set_history_paused(const accounts::Principal& who, bool paused);

  // Writes everything buffered in one transaction. Throws when the write fails (the buffer
  // is kept for the next flush).
  void flush();
  // Aggregates of a video as last flushed, for feeds and ranking; no permission checks.
  VideoStats stats(const std::string& video_id) { return store_.stats(video_id); }
  // Deletes viewer states idle longer than kViewerStateRetentionMs; returns how many.
  std::int64_t remove_idle_viewers();
  // Called when an account is deleted: drops what is buffered about it.
  void forget_user(const std::string& user_id) { counter_.forget_user(user_id); }

  std::size_t tracked_viewers() const { return counter_.tracked_viewers(); }

 private:
  ViewStore store_;
  videos::VideoService& videos_;
  const Clock& clock_;
  events::EventBus& bus_;
  const ViewOptions options_;
  ViewCounter counter_;
  events::Subscription deleted_;  // last: cancelled before the counter goes
};

// Throws Error(validation_failed) when a beacon's fields are out of range or its session id
// is not 1–64 characters of [A-Za-z0-9._-].
void validate_beacon(const Beacon& beacon);
// True for ids usable as an anonymous viewer id (the same alphabet as session ids).
bool is_viewer_id(std::string_view id);

}  // namespace marquee::views
