// The audience-retention curve's points as numbers: where each sits, how many a furthest
// position reaches, and that the counter adds a session to a point once.
#include <gtest/gtest.h>

#include "views/AudienceRetention.h"
#include "views/ViewRecords.h"

namespace marquee::views {
namespace {

TEST(AudienceRetention, points_sit_at_each_percent_of_the_duration) {
  EXPECT_EQ(retention_point_position_ms(0, 60'000), 0);
  EXPECT_EQ(retention_point_position_ms(1, 60'000), 600);
  EXPECT_EQ(retention_point_position_ms(50, 60'000), 30'000);
  EXPECT_EQ(retention_point_position_ms(99, 60'000), 59'400);
  EXPECT_EQ(retention_point_position_ms(1, 150), 1);  // 1.5 ms, rounded down
  EXPECT_EQ(retention_point_position_ms(42, 0), 0);   // unknown duration
}

TEST(AudienceRetention, a_session_reaches_every_point_at_or_before_its_furthest_position) {
  EXPECT_EQ(retention_points_reached(0, 60'000), 1);       // the start
  EXPECT_EQ(retention_points_reached(599, 60'000), 1);
  EXPECT_EQ(retention_points_reached(600, 60'000), 2);     // exactly at point 1
  EXPECT_EQ(retention_points_reached(30'000, 60'000), 51);  // points 0 … 50
  EXPECT_EQ(retention_points_reached(59'399, 60'000), 99);
  EXPECT_EQ(retention_points_reached(59'400, 60'000), 100);
  EXPECT_EQ(retention_points_reached(60'000, 60'000), 100);  // never more than the points
  EXPECT_EQ(retention_points_reached(90'000, 60'000), 100);
}

TEST(AudienceRetention, a_point_between_milliseconds_is_reached_only_past_it) {
  // Point 1 of a 150 ms video is at 1.5 ms: 1 ms is short of it, 2 ms past it.
  EXPECT_EQ(retention_points_reached(1, 150), 1);
  EXPECT_EQ(retention_points_reached(2, 150), 2);
}

TEST(AudienceRetention, unknown_durations_and_negative_positions_reach_nothing) {
  EXPECT_EQ(retention_points_reached(5'000, 0), 0);
  EXPECT_EQ(retention_points_reached(-1, 60'000), 0);
}

TEST(AudienceRetention, deltas_add_a_session_to_each_newly_reached_point_and_merge_by_adding) {
  RetentionDelta delta;
  delta.add(0, 3);
  delta.add(2, 5);
  delta.add(-4, 1);    // clamped to the curve
  delta.add(98, 120);
  EXPECT_EQ(delta.sessions[0], 2);
  EXPECT_EQ(delta.sessions[1], 1);
  EXPECT_EQ(delta.sessions[2], 2);
  EXPECT_EQ(delta.sessions[4], 1);
  EXPECT_EQ(delta.sessions[5], 0);
  EXPECT_EQ(delta.sessions[99], 1);
  RetentionDelta later;
  later.add(0, 1);
  delta.merge(later);
  EXPECT_EQ(delta.sessions[0], 3);
}

TEST(AudienceRetention, utc_days_start_at_midnight_utc) {
  EXPECT_EQ(utc_day(0), 0);
  EXPECT_EQ(utc_day(kUtcDayMs - 1), 0);
  EXPECT_EQ(utc_day(kUtcDayMs), 1);
  EXPECT_EQ(utc_day(1'767'225'600'000), 20'454);  // 2026-01-01T00:00:00Z
  EXPECT_EQ(utc_day(-1), -1);
}

}  // namespace
}  // namespace marquee::views
