#pragma once
// Computes the ranking snapshots every feed reads: trending per window and the reel
// candidates with their base heat (docs/ranking.md). Runs periodically (App) and once on
// demand when no snapshot exists yet. Several processes may refresh at once; each refresh
// writes a complete snapshot of its own under a new generation number.
#include <cstdint>

#include "core/Clock.h"
#include "db/Database.h"
#include "feeds/FeedOptions.h"
#include "feeds/RankingStore.h"

namespace marquee::feeds {

// Best first: score descending, then newer upload, then id descending.
struct RankedCandidate {
  std::string video_id;
  Millis created_at = 0;
  double score = 0;
};
std::vector<RankedEntry> top_ranked(std::vector<RankedCandidate> candidates, std::size_t size);

class RankingRefresher {
 public:
  RankingRefresher(db::Database& db, const Clock& clock, FeedOptions options)
      : store_(db), clock_(clock), options_(options) {}

  // Computes and stores a new snapshot; returns its generation.
  std::int64_t refresh();

 private:
  RankingStore store_;
  const Clock& clock_;
  const FeedOptions options_;
};

}  // namespace marquee::feeds
