// The trending formula with exact values: decay, engagement weights, smoothed watch quality.
#include <gtest/gtest.h>

#include "feeds/TrendingFormula.h"
#include "feeds/TrendingPeriod.h"

namespace marquee::feeds {
namespace {

constexpr Millis kHour = 3'600'000;

TEST(TrendingFormula, decay_weight_is_one_over_one_plus_scaled_age_squared) {
  EXPECT_DOUBLE_EQ(decay_weight(0, 12 * kHour), 1.0);
  EXPECT_DOUBLE_EQ(decay_weight(12 * kHour, 12 * kHour), 0.25);
  EXPECT_DOUBLE_EQ(decay_weight(24 * kHour, 12 * kHour), 1.0 / 9.0);
  EXPECT_DOUBLE_EQ(decay_weight(6 * kHour, 12 * kHour), 1.0 / 2.25);
}

TEST(TrendingFormula, decay_weight_treats_future_events_as_fresh) {
  EXPECT_DOUBLE_EQ(decay_weight(-5 * kHour, 12 * kHour), 1.0);
}

TEST(TrendingFormula, decay_weight_falls_with_age) {
  double previous = 2.0;
  for (Millis age = 0; age <= 7 * 24 * kHour; age += kHour) {
    double weight = decay_weight(age, 72 * kHour);
    EXPECT_LT(weight, previous);
    previous = weight;
  }
}

TEST(TrendingFormula, periods_have_their_windows_and_scales) {
  EXPECT_EQ(parse_period("24h"), TrendingPeriod::day);
  EXPECT_EQ(parse_period("7d"), TrendingPeriod::week);
  EXPECT_FALSE(parse_period("1h"));
  EXPECT_EQ(period_window_ms(TrendingPeriod::day), 24 * kHour);
  EXPECT_EQ(period_window_ms(TrendingPeriod::week), 168 * kHour);
  EXPECT_EQ(period_decay_scale_ms(TrendingPeriod::day), 12 * kHour);
  EXPECT_EQ(period_decay_scale_ms(TrendingPeriod::week), 72 * kHour);
}

TEST(TrendingFormula, engagement_weighs_likes_comments_and_dislikes_in_views) {
  EXPECT_DOUBLE_EQ(engagement({10, 2, 1, 1}), 10 + 5 * 2 + 10 * 1 - 5 * 1);
  EXPECT_DOUBLE_EQ(engagement({0, 0, 0, 0}), 0);
}

TEST(TrendingFormula, engagement_never_goes_below_zero) { EXPECT_DOUBLE_EQ(engagement({1, 0, 10, 0}), 0.0); }

TEST(TrendingFormula, watch_quality_is_smoothed_toward_the_priors) {
  EXPECT_DOUBLE_EQ(smoothed_completion({}), 0.5);
  EXPECT_DOUBLE_EQ(smoothed_rewatch_rate({}), 0.0);
  EXPECT_DOUBLE_EQ(quality_factor({}), 1.0);
  // One perfect session barely moves a video: (1 + 5) / 11.
  EXPECT_DOUBLE_EQ(smoothed_completion({1.0, 1, 0}), 6.0 / 11.0);
  // (8 + 5) / 20 and 4 / 20.
  WatchQuality quality{8.0, 10, 4};
  EXPECT_DOUBLE_EQ(smoothed_completion(quality), 0.65);
  EXPECT_DOUBLE_EQ(smoothed_rewatch_rate(quality), 0.2);
  EXPECT_DOUBLE_EQ(quality_factor(quality), (0.5 + 0.65) * 1.2);
}

TEST(TrendingFormula, rewatch_rate_is_capped_at_one) {
  EXPECT_DOUBLE_EQ(smoothed_rewatch_rate({0.0, 0, 500}), 1.0);
  EXPECT_DOUBLE_EQ(quality_factor({1000.0, 1000, 5000}), (0.5 + 1005.0 / 1010.0) * 2.0);
}

TEST(TrendingFormula, score_is_engagement_times_quality) {
  EXPECT_DOUBLE_EQ(trending_score({10, 2, 1, 1}, {8.0, 10, 4}), 25 * 1.38);
  EXPECT_DOUBLE_EQ(trending_score({}, {8.0, 10, 4}), 0.0);
}

TEST(TrendingFormula, recent_engagement_outranks_the_same_engagement_earlier) {
  const Millis scale = period_decay_scale_ms(TrendingPeriod::day);
  auto score_at = [&](Millis age) {
    const double w = decay_weight(age, scale);
    return trending_score({20 * w, 5 * w, 0, 2 * w}, {});
  };
  EXPECT_GT(score_at(1 * kHour), score_at(20 * kHour));
}

TEST(TrendingFormula, better_held_videos_outrank_equally_engaged_ones) {
  const DecayedEngagement same{100, 10, 1, 3};
  EXPECT_GT(trending_score(same, {90.0, 100, 30}), trending_score(same, {30.0, 100, 0}));
}

}  // namespace
}  // namespace marquee::feeds
