#pragma once
// The feeds: home (subscriptions, trending and fresh uploads blended), subscriptions,
// trending per window, and reels. Every feed lists only public, published videos of existing
// accounts; adult videos only for callers past the age gate who ask; premium videos appear with
// is_premium set (playback enforces the lock); never a video of a channel the viewer
// blocked. Rankings come from snapshots that RankingRefresher writes periodically, and
// cursors pin their snapshot, so paging has no duplicates or gaps while new videos and
// engagement arrive (docs/ranking.md).
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
#include "feeds/FeedCatalog.h"
#include "feeds/FeedItemJson.h"
#include "feeds/FeedOptions.h"
#include "feeds/FeedPageCache.h"
#include "feeds/FeedStore.h"
#include "feeds/FeedViewer.h"
#include "feeds/HomePersonaliser.h"
#include "feeds/RankingRefresher.h"
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
  FeedService(db::Database& db, const Clock& clock, FeedOptions options);

  // Anonymous callers get trending and fresh uploads; a signed-in caller gets the personaliser's
  // page when it has one for them.
  videos::VideoPage home(const accounts::Caller& caller, const FeedQuery& query);
  // Newest first from the channels `viewer` follows.
  videos::VideoPage subscriptions(const accounts::Principal& viewer, const FeedQuery& query);
  videos::VideoPage trending(const accounts::Caller& caller, TrendingPeriod period, const FeedQuery& query);
  // `session` (may be empty) seeds the exploration term; a cursor carries its own seed.
  videos::VideoPage reels(const accounts::Caller& caller, const std::string& session, const FeedQuery& query);

  // Who the page is for, with the channels a signed-in caller blocked.
  FeedViewer viewer_of(const accounts::Caller& caller, bool adult_requested);
  // Those of `ids` the viewer may see now (listed and admitted), in the order of `ids`.
  std::vector<videos::Video> visible(const std::vector<std::string>& ids, const FeedViewer& viewer);
  // Signed-in viewers' home pages are first offered to `personaliser` (null: never). Set once,
  // before serving.
  void personalise_home(HomePersonaliser* personaliser) { personaliser_ = personaliser; }

  // Computes new ranking snapshots and prunes expired ones; returns the new generation.
  std::int64_t refresh();

  // Pages every caller of a kind sees alike, serialized (FeedRoutes decides which).
  FeedPageCache& page_cache() { return page_cache_; }
  // The serialized items of pages (FeedRoutes writes every page with it).
  FeedItemJson& item_json() { return item_json_; }
  // Called when a video changed or was deleted: no page of this process shows it as it was.
  void forget_video(const std::string& video_id);
  // Called when a user (un)subscribed, (un)blocked a channel or rated a video: their next pages
  // use what they did.
  void forget_viewer(const std::string& user_id) { catalog_.forget_viewer(user_id); }
  // Drops everything held in memory (after missed events).
  void forget_everything();
  // Whether the user blocked any channel: then even their trending pages are their own, never
  // shared. Throws NotInMemory under MemoryOnly when their blocks are not held.
  bool blocks_any_channel(const std::string& user_id) { return !catalog_.blocked(user_id)->empty(); }

 private:
  // The newest snapshot (re-read at most once a second); computes one when none exists.
  std::int64_t current_generation();
  // The cursor's snapshot when it still exists, else the newest one.
  std::int64_t usable_generation(std::int64_t wanted, bool& replaced);
  // The viewer's followed channels (empty for anonymous callers).
  std::shared_ptr<const std::vector<std::string>> following(const FeedViewer& viewer);
  // Newest first from `channels`, strictly after `after`, at most `limit`.
  std::vector<FeedEntry> subscribed(const std::vector<std::string>& channels, const FeedViewer& viewer,
                                    const std::optional<NewestPosition>& after, int limit);
  // Newest first, leaving out `channels` and the videos of `trending`, strictly after `after`.
  std::vector<FeedEntry> fresh(const std::vector<std::string>& channels, const TrendingOrder& trending,
                               std::int64_t generation, const FeedViewer& viewer, const NewestPosition& after,
                               int limit);
  // In rank order, leaving out `channels`, from `seek` on.
  std::vector<FeedEntry> trending(const TrendingOrder& order, const std::vector<std::string>& channels,
                                  const FeedViewer& viewer, const std::optional<TrendingSeek>& seek, int limit);
  // The videos of the first `limit` entries (`entries` is cut to them), without a cursor.
  videos::VideoPage page_of(std::vector<FeedEntry>& entries, int limit, const FeedViewer& viewer);

  FeedStore store_;
  RankingRefresher refresher_;
  FeedCatalog catalog_;
  FeedPageCache page_cache_;
  FeedItemJson item_json_;
  const Clock& clock_;
  const FeedOptions options_;
  HomePersonaliser* personaliser_ = nullptr;

  std::mutex generation_mutex_;  // guards the two fields below
  std::optional<std::int64_t> cached_generation_;
  std::chrono::steady_clock::time_point generation_read_at_;
  std::mutex refresh_mutex_;  // one refresh at a time in this process; a first request waits for it
};

// Throws Error(validation_failed) naming "session" unless it is 1–64 of [A-Za-z0-9._-].
void validate_session(const std::string& session);

}  // namespace marquee::feeds
