#include "feeds/TrendingFormula.h"

#include <algorithm>

namespace marquee::feeds {

double decay_weight(Millis age_ms, Millis scale_ms) {
  const double scaled = static_cast<double>(std::max<Millis>(age_ms, 0)) / static_cast<double>(scale_ms);
  return 1.0 / ((1.0 + scaled) * (1.0 + scaled));
}

double smoothed_completion(const WatchQuality& quality) {
  const double samples = static_cast<double>(std::max<std::int64_t>(quality.completion_samples, 0));
  const double completion = (quality.completion_sum + kPriorSamples * kCompletionPrior) / (samples + kPriorSamples);
  return std::clamp(completion, 0.0, 1.0);
}

double smoothed_rewatch_rate(const WatchQuality& quality) {
  const double samples = static_cast<double>(std::max<std::int64_t>(quality.completion_samples, 0));
  const double rewatches = static_cast<double>(std::max<std::int64_t>(quality.rewatch_count, 0));
  return std::min(1.0, rewatches / (samples + kPriorSamples));
}

double engagement(const DecayedEngagement& recent) {
  const double total = recent.views + kLikeWeight * recent.likes + kCommentWeight * recent.comments -
                       kDislikeWeight * recent.dislikes;
  return std::max(0.0, total);
}

double quality_factor(const WatchQuality& quality) {
  return (0.5 + smoothed_completion(quality)) * (1.0 + smoothed_rewatch_rate(quality));
}

double trending_score(const DecayedEngagement& recent, const WatchQuality& quality) {
  return engagement(recent) * quality_factor(quality);
}

}  // namespace marquee::feeds
