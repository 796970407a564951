#pragma once
// The trending score of a video (docs/ranking.md): its recent engagement, each event weighted
// by its age, times how well the video holds the people who watch it. Pure functions, so the
// formula is tested with exact values; the SQL that feeds it only sums decay weights.
#include <cstdint>

#include "core/Clock.h"

namespace marquee::feeds {

// How much each kind of event counts, in views.
inline constexpr double kLikeWeight = 5.0;
inline constexpr double kDislikeWeight = 5.0;
inline constexpr double kCommentWeight = 10.0;
// Watch quality is smoothed toward kCompletionPrior as if every video had kPriorSamples
// extra sessions, so a handful of sessions cannot make a video look perfect.
inline constexpr double kCompletionPrior = 0.5;
inline constexpr double kPriorSamples = 10.0;

// The weight of an event `age_ms` old: 1 / (1 + age/scale)². Plain arithmetic, so both
// databases sum it in SQL without math extensions; a negative age (clock skew) counts as 0.
double decay_weight(Millis age_ms, Millis scale_ms);

// Sums of decay_weight over one video's events inside a window.
struct DecayedEngagement {
  double views = 0;
  double likes = 0;
  double dislikes = 0;
  double comments = 0;
};

// A video's lifetime watch statistics (video_stats).
struct WatchQuality {
  double completion_sum = 0;
  std::int64_t completion_samples = 0;
  std::int64_t rewatch_count = 0;
};

// (completion_sum + K·prior) / (samples + K), in [0, 1].
double smoothed_completion(const WatchQuality& quality);
// rewatch_count / (samples + K), capped at 1.
double smoothed_rewatch_rate(const WatchQuality& quality);
// views + 5·likes + 10·comments − 5·dislikes, never below 0.
double engagement(const DecayedEngagement& recent);
// (0.5 + completion) · (1 + rewatch rate): 0.5 to 3, exactly 1 for a video at the priors.
double quality_factor(const WatchQuality& quality);
// engagement · quality_factor.
double trending_score(const DecayedEngagement& recent, const WatchQuality& quality);

}  // namespace marquee::feeds
