#pragma once
// The SQL of serving feeds: what FeedCatalog holds in memory (newest uploads, each channel's,
// followed channels, trending orders, reel candidates, listed videos, tastes), and each
// source's next page past what it holds. Knows tables, not rules: FeedService decides which
// source fills what. Every video query lists only public, published videos of existing
// accounts; the per-source page queries also apply the FeedViewer's filters (adult, blocked
// channels), while the lists FeedCatalog holds carry owner and adult flag for it to apply.
// Every query throws NotInMemory while a MemoryOnly lives on the calling thread.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"
#include "feeds/FeedCursor.h"
#include "feeds/FeedViewer.h"
#include "feeds/TagMatcher.h"
#include "feeds/TrendingPeriod.h"
#include "videos/Video.h"

namespace marquee::feeds {

// A video's place in a feed before its row is read: enough to order, blend and page. Pages
// read the rows of just the videos they serve (visible()).
struct FeedEntry {
  std::string id;
  Millis created_at = 0;
  std::int64_t rank = 0;  // trending snapshots only
  double score = 0;       // trending snapshots only
  std::string owner_id;   // lists held in memory only (FeedCatalog), for per-viewer filters
  bool is_adult = false;  // lists held in memory only
};

// Where to continue in a trending snapshot: after a rank of that same snapshot, or, in a
// newer snapshot than the one the position came from, after the same video's rank there,
// or after its (score, id) when the video is no longer ranked.
struct TrendingSeek {
  TrendingPosition after;
  bool by_score = false;
};

// One reel of a snapshot, with what ranking it per viewer needs.
struct ReelCandidate {
  std::string video_id;
  std::uint64_t id_hash = 0;  // fnv1a64(video_id), for the exploration term
  std::string owner_id;
  double heat = 0;
  bool is_adult = false;
  std::vector<std::uint32_t> tag_ids;  // sorted, in the snapshot's TagDictionary
};

// A reel snapshot's candidates, best base heat first, and the numbering of their tags.
struct ReelCandidates {
  std::vector<ReelCandidate> candidates;
  TagDictionary tags;
};

class FeedStore {
 public:
  explicit FeedStore(db::Database& db) : db_(db) {}

  // The newest complete ranking snapshot, if any was computed.
  std::optional<std::int64_t> latest_generation();
  bool has_generation(std::int64_t generation);

  // Newest first from the channels `subscriber_id` follows, strictly after `after` (pages
  // deeper than FeedCatalog holds).
  std::vector<FeedEntry> subscribed(const std::string& subscriber_id, const FeedViewer& viewer,
                                    const std::optional<NewestPosition>& after, int limit);
  // The channels `subscriber_id` follows, sorted.
  std::vector<std::string> subscribed_channels(const std::string& subscriber_id);
  // The channels `user_id` blocked, sorted.
  std::vector<std::string> blocked_channels(const std::string& user_id);
  // Each channel's newest `limit` listed videos (any viewer: adult ones included), newest
  // first, indexed like `channel_ids`.
  std::vector<std::vector<FeedEntry>> channel_uploads(const std::vector<std::string>& channel_ids, int limit);
  // The newest `limit` listed videos of the site (adult ones included), newest first.
  std::vector<FeedEntry> newest(int limit);
  // A whole trending snapshot in rank order: its videos that are listed now (adult ones
  // included); `ranks` receives the rank of every video of the snapshot, listed or not.
  std::vector<FeedEntry> trending_order(TrendingPeriod period, std::int64_t generation,
                                        std::vector<std::pair<std::string, std::int64_t>>& ranks);
  // Newest first (pages deeper than FeedCatalog holds). With `without_subscribed`, videos of
  // channels the viewer follows are left out; with `without_trending_generation`, the videos
  // of that 7-day trending snapshot.
  std::vector<FeedEntry> fresh(const FeedViewer& viewer, const std::optional<NewestPosition>& after,
                               bool without_subscribed, std::optional<std::int64_t> without_trending_generation,
                               int limit);
  // The reels of a snapshot, whatever the viewer (FeedService filters).
  ReelCandidates reel_candidates(std::int64_t generation);
  // The user's taste: over the tags of the `watches` videos they watched most recently
  // (each occurrence weighing `watch_weight`) and the `likes` they liked most recently
  // (`like_weight`), each tag with its summed weight.
  std::vector<std::pair<std::string, int>> taste(const std::string& user_id, int watches, int watch_weight, int likes,
                                                 int like_weight);
  // Those of `ids` that are listed (public, published, owner exists), whatever the viewer.
  std::vector<videos::Video> listed(const std::vector<std::string>& ids);
  // The owner of a video, if it exists.
  std::optional<std::string> owner_of(const std::string& video_id);

 private:
  db::Database& db_;
};

}  // namespace marquee::feeds
