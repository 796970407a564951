// Reel heat with exact values: the generalized `views·1000 + match·100 + random`.
#include <gtest/gtest.h>

#include <cmath>

#include "feeds/ReelHeat.h"

namespace marquee::feeds {
namespace {

constexpr Millis kHour = 3'600'000;

TEST(ReelHeat, rewatch_appeal_saturates) {
  EXPECT_DOUBLE_EQ(rewatch_appeal({}), 0.0);
  EXPECT_DOUBLE_EQ(rewatch_appeal({8.0, 10, 5}), 0.5);  // rate 5/20 = 0.25
  EXPECT_DOUBLE_EQ(rewatch_appeal({0.0, 0, 1000}), 1.0 / 1.25);
}

TEST(ReelHeat, popularity_is_log_scaled_to_a_million_views) {
  EXPECT_DOUBLE_EQ(popularity(0), 0.0);
  EXPECT_DOUBLE_EQ(popularity(999), 0.5);
  EXPECT_DOUBLE_EQ(popularity(999'999), 1.0);
  EXPECT_DOUBLE_EQ(popularity(50'000'000), 1.0);
}

TEST(ReelHeat, freshness_halves_every_48_hours) {
  EXPECT_DOUBLE_EQ(freshness(0), 1.0);
  EXPECT_DOUBLE_EQ(freshness(48 * kHour), 0.5);
  EXPECT_DOUBLE_EQ(freshness(96 * kHour), 0.25);
  EXPECT_DOUBLE_EQ(freshness(-kHour), 1.0);
}

TEST(ReelHeat, base_heat_weighs_completion_rewatches_popularity_and_freshness) {
  // completion (8 + 5) / 20 = 0.65; rewatch rate 4/20 = 0.2 -> appeal 0.2 / 0.45;
  // popularity 0.5; freshness 0.5.
  ReelFacts facts{999, {8.0, 10, 4}, 48 * kHour};
  const double expected = 1000.0 * (0.40 * 0.65 + 0.30 * (0.2 / 0.45) + 0.10 * 0.5 + 0.20 * 0.5);
  EXPECT_NEAR(base_heat(facts), expected, 1e-9);
  EXPECT_NEAR(base_heat(facts), 543.3333333333, 1e-6);
}

TEST(ReelHeat, a_new_video_without_data_starts_mid_table) {
  EXPECT_DOUBLE_EQ(base_heat({0, {}, 0}), 1000.0 * (0.40 * 0.5 + 0.20));
}

TEST(ReelHeat, completion_and_rewatches_dominate_popularity) {
  ReelFacts held{100, {950.0, 1000, 300}, 24 * kHour};
  ReelFacts viral{900'000, {250.0, 1000, 0}, 24 * kHour};
  EXPECT_GT(base_heat(held), base_heat(viral));
}

TEST(ReelHeat, heat_adds_match_and_weighted_exploration) {
  EXPECT_DOUBLE_EQ(reel_heat(500.0, 0.4, 0.25, 150.0), 500.0 + 40.0 + 37.5);
  EXPECT_DOUBLE_EQ(reel_heat(500.0, 0.4, 0.25, 0.0), 540.0);
}

}  // namespace
}  // namespace marquee::feeds
