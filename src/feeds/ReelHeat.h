#pragma once
// The heat of a reel (docs/ranking.md), generalizing the product's
// `views·1000 + match·100 + random`: the 1000-weighted term becomes how well the video holds
// viewers (completion and rewatches dominate, popularity and freshness help), the match is
// the viewer's taste, and the random term is a seeded exploration value. The base heat is
// computed by the periodic refresh; the per-viewer terms when a page is served.
#include <cstdint>

#include "core/Clock.h"
#include "feeds/TrendingFormula.h"

namespace marquee::feeds {

inline constexpr double kBaseHeatScale = 1000.0;
inline constexpr double kMatchScale = 100.0;
inline constexpr double kCompletionShare = 0.40;
inline constexpr double kRewatchShare = 0.30;
inline constexpr double kPopularityShare = 0.10;
inline constexpr double kFreshnessShare = 0.20;
// A rewatch rate this high scores half of the rewatch share.
inline constexpr double kRewatchHalfRate = 0.25;
// log10(1 + views) / 6: a million views is full popularity.
inline constexpr double kPopularityDecades = 6.0;
inline constexpr Millis kFreshnessHalfLifeMs = 48ll * 3600 * 1000;

struct ReelFacts {
  std::int64_t views = 0;
  WatchQuality quality;
  Millis age_ms = 0;
};

// ρ / (ρ + 0.25) of the smoothed rewatch rate ρ, in [0, 1).
double rewatch_appeal(const WatchQuality& quality);
// min(1, log10(1 + views) / 6).
double popularity(std::int64_t views);
// 2^(−age / 48 h); a negative age counts as 0.
double freshness(Millis age_ms);
// 1000 · (0.40·completion + 0.30·rewatch appeal + 0.10·popularity + 0.20·freshness).
double base_heat(const ReelFacts& facts);
// base + 100·match + exploration_weight·exploration, with match and exploration in [0, 1].
double reel_heat(double base, double match, double exploration, double exploration_weight);

}  // namespace marquee::feeds
