#pragma once
// The feeds: home (subscriptions, trending and fresh uploads blended), subscriptions,
// trending per window, and reels. Every feed lists only public, published videos of existing
// accounts; adult videos only for signed-in callers who ask; premium videos appear with
// is_premium set (playback enforces the lock). Rankings come from snapshots that
// RankingRefresher writes periodically, and cursors pin their snapshot, so paging has no
// duplicates or gaps while new videos and engagement arrive (docs/ranking.md).
//
// Thread safety: safe to share between threads.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "db/Database.h"
#include "feeds/FeedOptions.h"
#include "feeds/FeedPageCache.h"
#include "feeds/FeedStore.h"
#include "feeds/FeedViewer.h"
#include "feeds/RankingRefresher.h"
#include "feeds/ReelCandidateCache.h"
#include "feeds/TrendingPeriod.h"
#include "videos/VideoService.h"

namespace marquee::feeds {

struct FeedQuery {
  std::optional<std::int64_t> limit;
  std::optional<std::string> cursor;  // next_cursor of the previous page
  bool adult = false;                 // the caller asked for adult videos (?adult=true)
};

class FeedService {
 public:
  FeedService(db::Database& db, const Clock& clock, FeedOptions options, HiddenChannels hidden_channels = {});

  // Anonymous callers get trending and fresh uploads.
  videos::VideoPage home(const accounts::Caller& caller, const FeedQuery& query);
  // Newest first from the channels `viewer` follows.
  videos::VideoPage subscriptions(const accounts::Principal& viewer, const FeedQuery& query);
  videos::VideoPage trending(const accounts::Caller& caller, TrendingPeriod period, const FeedQuery& query);
  // `session` (may be empty) seeds the exploration term; a cursor carries its own seed.
  videos::VideoPage reels(const accounts::Caller& caller, const std::string& session, const FeedQuery& query);

  // Computes new ranking snapshots and prunes expired ones; returns the new generation.
  std::int64_t refresh();

  // Pages every caller of a kind sees alike, serialized (FeedRoutes decides which).
  FeedPageCache& page_cache() { return page_cache_; }
  // Called when a video is deleted: no cached page may list it any more.
  void forget_pages() { page_cache_.clear(); }
  // With a hidden-channels hook, signed-in callers' pages are their own and never shared.
  bool hides_channels() const { return static_cast<bool>(hidden_channels_); }

 private:
  // The newest snapshot (re-read at most once a second); computes one when none exists.
  std::int64_t current_generation();
  // The cursor's snapshot when it still exists, else the newest one.
  std::int64_t usable_generation(std::int64_t wanted, bool& replaced);
  TagProfile taste_of(const FeedViewer& viewer);
  // The videos of the first `limit` entries (`entries` is cut to them), without a cursor.
  videos::VideoPage page_of(std::vector<FeedEntry>& entries, int limit, const FeedViewer& viewer);

  FeedStore store_;
  RankingRefresher refresher_;
  ReelCandidateCache reel_cache_;
  FeedPageCache page_cache_;
  const Clock& clock_;
  const FeedOptions options_;
  const HiddenChannels hidden_channels_;

  std::mutex generation_mutex_;  // guards the two fields below
  std::optional<std::int64_t> cached_generation_;
  std::chrono::steady_clock::time_point generation_read_at_;
  std::mutex refresh_mutex_;  // one refresh at a time in this process; a first request waits for it
};

// Throws Error(validation_failed) naming "session" unless it is 1–64 of [A-Za-z0-9._-].
void validate_session(const std::string& session);

}  // namespace marquee::feeds
