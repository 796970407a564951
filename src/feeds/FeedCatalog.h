#pragma once
// What personalised feed pages are assembled from, held in memory and shared by every viewer,
// so that a signed-in page costs lookups instead of queries: the trending orders and the reel
// candidates of a snapshot (immutable), the site's newest uploads, each channel's newest
// uploads, each user's followed and blocked channels and taste, and the listed videos
// themselves (what a page serves, and the final visibility check).
//
// Staleness: this process drops what it changes at once (forget_video on a video's change or
// deletion, forget_viewer on a (un)subscription, (un)block or rating, clear of the video lists
// on a ranking refresh). A change made by another process shows within the ttl of what it
// touched:
//   videos (visibility, status, flags, counters) kVideoTtl       1 s
//   newest uploads of the site                   kNewestTtl      1 s
//   newest uploads of a channel                  kChannelTtl     5 s
//   followed channels                            kFollowingTtl   5 s
//   blocked channels                             kBlockedTtl     5 s
//   taste (recent watches and likes)             kTasteTtl      30 s
// Lists hold videos that were listed when read; pages serve only what videos() says is
// listed now, so a video made private never shows longer than kVideoTtl anywhere (plus
// feeds.page_cache_ms for shared pages), nor at all after it was changed through this
// process. Thread-safe.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/Clock.h"
#include "core/ExpiringCache.h"
#include "feeds/FeedStore.h"
#include "feeds/SnapshotCache.h"
#include "feeds/TagProfile.h"
#include "feeds/TrendingPeriod.h"
#include "videos/Video.h"

namespace marquee::feeds {

inline constexpr Millis kVideoTtl = 1'000;
inline constexpr Millis kNewestTtl = 1'000;
inline constexpr Millis kChannelTtl = 5'000;
inline constexpr Millis kFollowingTtl = 5'000;
inline constexpr Millis kBlockedTtl = 5'000;
inline constexpr Millis kTasteTtl = 30'000;

// How deep the newest lists go; a page past them is read from the database.
inline constexpr int kNewestDepth = 1'000;
inline constexpr int kChannelDepth = 50;

// Newest first. `complete` when nothing older exists beyond `entries`.
struct NewestList {
  std::vector<FeedEntry> entries;
  bool complete = false;
};

// A trending snapshot of one window: its listed videos in rank order, and the rank of every
// video it ranked (listed or not: the home feed's fresh uploads leave all of them out).
struct TrendingOrder {
  std::vector<FeedEntry> entries;
  std::unordered_map<std::string, std::int64_t> ranks;
};

class FeedCatalog {
 public:
  FeedCatalog(FeedStore& store, const Clock& clock);

  std::shared_ptr<const TrendingOrder> trending(TrendingPeriod period, std::int64_t generation);
  std::shared_ptr<const ReelCandidates> reels(std::int64_t generation);
  std::shared_ptr<const NewestList> newest();
  // Indexed like `channel_ids`; the missing ones are read in one go.
  std::vector<std::shared_ptr<const NewestList>> channel_uploads(const std::vector<std::string>& channel_ids);
  // Sorted.
  std::shared_ptr<const std::vector<std::string>> following(const std::string& user_id);
  // Sorted.
  std::shared_ptr<const std::vector<std::string>> blocked(const std::string& user_id);
  TagProfile taste(const std::string& user_id);
  // Those of `ids` that are listed now, in the order of `ids`; the ones not held are read in one go.
  std::vector<videos::Video> listed(const std::vector<std::string>& ids);

  // After a video changed or was deleted through this process.
  void forget_video(const std::string& video_id);
  // After a user (un)subscribed, (un)blocked a channel or rated a video through this process.
  void forget_viewer(const std::string& user_id);
  // After a ranking refresh: the video lists and the videos are read again (followed and
  // blocked channels and tastes have nothing to do with rankings, and re-reading every
  // viewer's taste at once would be a burst of the heaviest reads).
  void clear();

 private:
  FeedStore& store_;
  SnapshotCache<ReelCandidates> reels_;
  std::array<SnapshotCache<TrendingOrder>, kTrendingPeriods.size()> trending_;
  ExpiringCache<NewestList> newest_;
  ExpiringCache<NewestList> channels_;
  ExpiringCache<std::vector<std::string>> following_;
  ExpiringCache<std::vector<std::string>> blocked_;
  ExpiringCache<TagProfile> tastes_;
  // A listed video, or nullopt for an id that is not listed (so it is not read again and again).
  ExpiringCache<std::optional<videos::Video>> videos_;
};

}  // namespace marquee::feeds
