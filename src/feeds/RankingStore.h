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

// A public, published video with events in a trending window.
struct EngagedVideo {
  std::string id;
  Millis created_at = 0;
  DecayedEngagement recent;
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

  // Videos with views, ratings or comments at or after `since`, each event weighted by
  // decay_weight(now − at, scale_ms).
  std::vector<EngagedVideo> engaged_since(Millis since, Millis now, Millis scale_ms);
  // Videos taller than wide, 0 < duration ≤ max_duration_ms.
  std::vector<ReelSource> reel_sources(Millis max_duration_ms);
  // Stores the snapshot under the next generation number and deletes snapshots computed
  // before `prune_before` (never the newest), in one transaction. Returns the generation.
  std::int64_t save(const RankingSnapshot& snapshot, Millis now, Millis prune_before);

 private:
  db::Database& db_;
};

}  // namespace marquee::feeds
