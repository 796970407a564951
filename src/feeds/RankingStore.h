#pragma once
// The SQL of the ranking refresh: the engagement and watch statistics the formulas read, and
// the snapshots they produce (feed_snapshots, trending_scores, reel_scores). Decay weights are
// summed in SQL with plain arithmetic, so both databases return one row per video.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"
#include "feeds/TrendingFormula.h"
#include "feeds/TrendingPeriod.h"

namespace marquee::feeds {

// A public, published video with events in the widest trending window; `recent` is indexed
// like kTrendingPeriods (all zero for a window without events).
struct EngagedVideo {
  std::string id;
  Millis created_at = 0;
  std::array<DecayedEngagement, kTrendingPeriods.size()> recent;
  WatchQuality quality;
};

// A public, published short vertical video.
struct ReelSource {
  std::string id;
  Millis created_at = 0;
  std::int64_t views = 0;
  WatchQuality quality;
};

struct RankedEntry {
  std::string video_id;
  double score = 0;
};

// One refresh's output, best first; indexed like kTrendingPeriods.
struct RankingSnapshot {
  std::array<std::vector<RankedEntry>, kTrendingPeriods.size()> trending;
  std::vector<RankedEntry> reels;
};

class RankingStore {
 public:
  explicit RankingStore(db::Database& db) : db_(db) {}

  // Videos with views, ratings or comments inside any trending window before `now`, each
  // event weighted per window by decay_weight(now − at, the window's scale). One pass over
  // the events serves every window.
  std::vector<EngagedVideo> engaged(Millis now);
  // Videos taller than wide, 0 < duration ≤ max_duration_ms.
  std::vector<ReelSource> reel_sources(Millis max_duration_ms);
  // Stores the snapshot under the next generation number and deletes snapshots computed
  // before `prune_before` (never the newest), in one transaction. Returns the generation.
  std::int64_t save(const RankingSnapshot& snapshot, Millis now, Millis prune_before);

 private:
  db::Database& db_;
};

}  // namespace marquee::feeds
