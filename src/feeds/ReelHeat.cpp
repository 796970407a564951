#include "feeds/ReelHeat.h"

#include <algorithm>
#include <cmath>

namespace marquee::feeds {

double rewatch_appeal(const WatchQuality& quality) {
  const double rate = smoothed_rewatch_rate(quality);
  return rate / (rate + kRewatchHalfRate);
}

double popularity(std::int64_t views) {
  return std::min(1.0, std::log10(1.0 + static_cast<double>(std::max<std::int64_t>(views, 0))) / kPopularityDecades);
}

double freshness(Millis age_ms) {
  return std::exp2(-static_cast<double>(std::max<Millis>(age_ms, 0)) / static_cast<double>(kFreshnessHalfLifeMs));
}

double base_heat(const ReelFacts& facts) {
  return kBaseHeatScale * (kCompletionShare * smoothed_completion(facts.quality) +
                           kRewatchShare * rewatch_appeal(facts.quality) + kPopularityShare * popularity(facts.views) +
                           kFreshnessShare * freshness(facts.age_ms));
}

double reel_heat(double base, double match, double exploration, double exploration_weight) {
  return base + kMatchScale * match + exploration_weight * exploration;
}

}  // namespace marquee::feeds
