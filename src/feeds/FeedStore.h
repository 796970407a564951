#pragma once
// The SQL of serving feeds: each source's next page, ranking snapshots as they are read, and
// the tags of what a viewer recently watched and liked. Knows tables, not rules: FeedService
// decides which source fills what. Every video query lists only public, published videos of
// existing accounts and applies the FeedViewer's filters (adult, hidden channels).
#include <cstdint>
#include <optional>
#include <string>
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

  // Newest first from the channels `subscriber_id` follows, strictly after `after`.
  std::vector<FeedEntry> subscribed(const std::string& subscriber_id, const FeedViewer& viewer,
                                    const std::optional<NewestPosition>& after, int limit);
  // A trending snapshot in rank order. With `without_subscribed`, videos of channels the
  // viewer follows are left out.
  std::vector<FeedEntry> trending(TrendingPeriod period, std::int64_t generation, const FeedViewer& viewer,
                                  const std::optional<TrendingSeek>& seek, bool without_subscribed, int limit);
  // Newest first. With `without_subscribed`, videos of channels the viewer follows are left
  // out; with `without_trending_generation`, the videos of that 7-day trending snapshot.
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
  // Those of `ids` the viewer may see in a feed, in the order of `ids`.
  std::vector<videos::Video> visible(const std::vector<std::string>& ids, const FeedViewer& viewer);

 private:
  db::Database& db_;
};

}  // namespace marquee::feeds
