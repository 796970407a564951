#include "views/ViewService.h"

#include <set>

#include "views/ViewEvents.h"

#include "videos/VideoEvents.h"

#include <algorithm>

#include "core/Error.h"
#include "core/Ids.h"
#include "views/HistoryCursor.h"

namespace marquee::views {
namespace {

constexpr std::int64_t kMaxBeaconMillis = 30ll * 24 * 3600 * 1000;
constexpr std::size_t kMaxViewerIdLength = 64;

bool countable(videos::VideoStatus status) {
  return status == videos::VideoStatus::playable || status == videos::VideoStatus::ready;
}

WatchProgress with_pending(std::optional<WatchProgress> stored, const std::string& video_id,
                           const std::optional<HistoryDelta>& pending) {
  WatchProgress progress = stored.value_or(WatchProgress{});
  progress.video_id = video_id;
  if (!pending) return progress;
  if (!stored) progress.first_watched_at = pending->first_at;
  progress.position_ms = pending->position_ms;
  progress.max_position_ms = std::max(progress.max_position_ms, pending->max_position_ms);
  progress.watched_ms += pending->watched_ms;
  progress.rewatch_count += pending->rewatches;
  progress.last_watched_at = std::max(progress.last_watched_at, pending->last_at);
  return progress;
}

}  // namespace

bool is_viewer_id(std::string_view id) {
  return !id.empty() && id.size() <= kMaxViewerIdLength && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                  c == '_' || c == '.';
         });
}

void validate_beacon(const Beacon& beacon) {
  if (beacon.position_ms < 0 || beacon.position_ms > kMaxBeaconMillis) {
    throw_validation("position_ms", "position_ms must be between 0 and " + std::to_string(kMaxBeaconMillis));
  }
  if (beacon.watched_ms < 0 || beacon.watched_ms > kMaxBeaconMillis) {
    throw_validation("watched_ms", "watched_ms must be between 0 and " + std::to_string(kMaxBeaconMillis));
  }
  if (!is_viewer_id(beacon.session_id)) {
    throw_validation("session_id", "session_id must be 1 to 64 letters, digits, '-', '_' or '.'");
  }
}

ViewService::ViewService(db::Database& db, videos::VideoService& videos, const Clock& clock, events::EventBus& bus,
                         ViewOptions options)
    : store_(db),
      videos_(videos),
      clock_(clock),
      bus_(bus),
      options_(options),
      counter_(options.rules, [this](const ViewerKey& key) { return store_.load_viewer(key); },
               options.max_tracked_viewers),
      deleted_(bus.subscribe(videos::kVideoDeleted,
                             [this](const events::Event& event) { counter_.forget_video(event.subject); })) {}

bool ViewService::record_beacon(const accounts::Caller& caller, const std::string& video_id,
                                const std::string& anonymous_id, const Beacon& beacon) {
  validate_beacon(beacon);
  videos::Video video = videos_.get(caller, video_id);
  if (!countable(video.status)) return false;
  Viewer viewer;
  if (caller) {
    viewer = {"u:" + caller->user_id, caller->user_id};
  } else {
    if (!is_viewer_id(anonymous_id)) throw_validation("session_id", "an anonymous viewer needs a session_id");
    viewer = {"a:" + anonymous_id, std::nullopt};
  }
  return counter_.record(video.id, video.duration_ms, viewer, beacon, clock_.now_ms());
}

WatchedVideo ViewService::progress(const accounts::Principal& who, const std::string& video_id) {
  videos::Video video = videos_.get(accounts::Caller(who), video_id);
  std::optional<HistoryDelta> pending;
  if (!store_.settings(who.user_id).paused) pending = counter_.pending_history({who.user_id, video_id});
  WatchProgress progress = with_pending(store_.progress(who.user_id, video_id), video_id, pending);
  return {std::move(video), std::move(progress)};
}

HistoryPage ViewService::history(const accounts::Principal& who, const HistoryQuery& query) {
  const std::int64_t limit = query.limit.value_or(kDefaultHistoryPageSize);
  if (limit < 1 || limit > kMaxHistoryPageSize) {
    throw_validation("limit", "limit must be between 1 and " + std::to_string(kMaxHistoryPageSize));
  }
  std::optional<HistoryPosition> after;
  if (query.cursor && !query.cursor->empty()) after = decode_history_cursor(*query.cursor);

  auto rows = store_.history(who.user_id, after, static_cast<int>(limit) + 1);
  HistoryPage page;
  if (rows.size() > static_cast<std::size_t>(limit)) {
    rows.resize(static_cast<std::size_t>(limit));
    page.next_cursor = encode_history_cursor({rows.back().last_watched_at, rows.back().video_id});
  }
  for (auto& row : rows) {
    try {
      page.items.push_back({videos_.get(accounts::Caller(who), row.video_id), std::move(row)});
    } catch (const Error& e) {
      // Gone, private, or taken down by the moderators since: left out of the history page.
      if (e.code() != ErrorCode::not_found && e.code() != ErrorCode::removed) throw;
    }
  }
  return page;
}

void ViewService::clear_history(const accounts::Principal& who) {
  counter_.forget_history(who.user_id);
  if (!store_.clear_history(who.user_id, clock_.now_ms())) throw_unauthorized("account no longer exists");
}

void ViewService::remove_from_history(const accounts::Principal& who, const std::string& video_id) {
  if (!looks_like_public_id(video_id)) return;
  counter_.forget_history(who.user_id, video_id);
  store_.delete_history_entry(who.user_id, video_id);
}

HistorySettings ViewService::history_settings(const accounts::Principal& who) { return store_.settings(who.user_id); }

HistorySettings ViewService::set_history_paused(const accounts::Principal& who, bool paused) {
  if (paused) counter_.forget_history(who.user_id);
  if (!store_.set_paused(who.user_id, paused, clock_.now_ms())) throw_unauthorized("account no longer exists");
  return {paused};
}

void ViewService::flush() {
  counter_.flush([this](const ViewBatch& batch) {
    store_.write(batch, options_.rules.window_ms, clock_.now_ms());
    std::set<std::string> viewed;
    for (const auto& view : batch.counted) viewed.insert(view.key.video_id);
    for (const auto& video_id : viewed) {
      videos_.forget_cached(video_id);
      bus_.publish({kVideoViewed, 1, video_id, ""});
    }
  });
}

std::int64_t ViewService::remove_idle_viewers() {
  return store_.remove_viewers_idle_since(clock_.now_ms() - kViewerStateRetentionMs);
}

}  // namespace marquee::views
