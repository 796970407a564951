// The counting rules as numbers: how long a viewer must watch, what completion and a
// rewatch mean.
#include <gtest/gtest.h>

#include "views/ViewRules.h"

namespace marquee::views {
namespace {

TEST(ViewRules, long_videos_need_the_configured_minimum_watch_time) {
  CountingRules rules;
  EXPECT_EQ(minimum_watch_ms(rules, 60'000), 5'000);
  EXPECT_EQ(minimum_watch_ms(rules, 3'600'000), 5'000);
}

TEST(ViewRules, short_videos_need_thirty_percent_of_their_length) {
  CountingRules rules;
  EXPECT_EQ(minimum_watch_ms(rules, 10'000), 3'000);
  EXPECT_EQ(minimum_watch_ms(rules, 1'000), 300);
}

TEST(ViewRules, unknown_duration_takes_the_configured_minimum) {
  CountingRules rules;
  rules.min_watch_ms = 7'000;
  EXPECT_EQ(minimum_watch_ms(rules, 0), 7'000);
}

TEST(ViewRules, completion_ratio_is_furthest_position_over_duration_capped_at_one) {
  EXPECT_DOUBLE_EQ(completion_ratio(30'000, 60'000), 0.5);
  EXPECT_DOUBLE_EQ(completion_ratio(90'000, 60'000), 1.0);
  EXPECT_DOUBLE_EQ(completion_ratio(10'000, 0), 0.0);
  EXPECT_TRUE(reaches_end(54'000, 60'000));
  EXPECT_FALSE(reaches_end(53'000, 60'000));
}

TEST(ViewRules, near_the_beginning_is_the_first_tenth_or_five_seconds_never_past_the_middle) {
  EXPECT_TRUE(starts_near_beginning(0, 60'000));
  EXPECT_TRUE(starts_near_beginning(5'000, 60'000));
  EXPECT_FALSE(starts_near_beginning(7'000, 60'000));
  EXPECT_TRUE(starts_near_beginning(50'000, 600'000));
  EXPECT_TRUE(starts_near_beginning(3'000, 6'000));
  EXPECT_FALSE(starts_near_beginning(3'500, 6'000));
}

TEST(ViewRules, positions_are_clamped_to_the_video) {
  EXPECT_EQ(clamp_position(-5, 60'000), 0);
  EXPECT_EQ(clamp_position(70'000, 60'000), 60'000);
  EXPECT_EQ(clamp_position(70'000, 0), 70'000);
}

}  // namespace
}  // namespace marquee::views
