// Coalescing: like_update at most once a second per video, and the latest value always last.
#include <gtest/gtest.h>

#include "realtime/Presence.h"
#include "realtime/Throttle.h"

namespace marquee::realtime {
namespace {

TEST(Throttle, sends_the_first_at_once_then_only_the_latest_at_the_end_of_the_window) {
  Throttle<int> throttle(1'000);
  EXPECT_TRUE(throttle.offer("v1", 1, 10'000));
  EXPECT_FALSE(throttle.offer("v1", 2, 10'100));
  EXPECT_FALSE(throttle.offer("v1", 3, 10'900));
  EXPECT_TRUE(throttle.offer("v2", 7, 10'900));  // keys are independent
  EXPECT_TRUE(throttle.due(10'999).empty());
  auto due = throttle.due(11'000);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].first, "v1");
  EXPECT_EQ(due[0].second, 3);
  // The held value opened a new window: an offer inside it is held again.
  EXPECT_FALSE(throttle.offer("v1", 4, 11'500));
  EXPECT_EQ(throttle.due(12'000).at(0).second, 4);
  // A quiet window ends with nothing to send; the next offer goes at once.
  EXPECT_TRUE(throttle.due(13'000).empty());
  EXPECT_TRUE(throttle.offer("v1", 5, 13'001));
}

TEST(Throttle, never_sends_more_than_one_per_window_under_a_flood) {
  Throttle<int> throttle(1'000);
  int sent = 0;
  for (Millis now = 0; now < 10'000; now += 10) {
    if (throttle.offer("v", static_cast<int>(now), now)) ++sent;
    if (now % 100 == 0) sent += static_cast<int>(throttle.due(now).size());
  }
  EXPECT_LE(sent, 11);
  EXPECT_GE(sent, 9);
}

TEST(Presence, sums_fresh_counts_of_other_nodes_and_forgets_silent_ones) {
  Presence presence;
  presence.remote("v1", "node-b", 3, 1'000);
  presence.remote("v1", "node-c", 2, 1'000);
  EXPECT_EQ(presence.remote_total("v1", 2'000), 5);
  presence.remote("v1", "node-c", 0, 2'000);
  EXPECT_EQ(presence.remote_total("v1", 2'000), 3);
  EXPECT_EQ(presence.remote_total("v1", 1'000 + kPresenceExpiryMs), 0);
  presence.remote("v2", "node-b", 1, 0);
  presence.clear();
  EXPECT_EQ(presence.remote_total("v2", 1), 0);
}

}  // namespace
}  // namespace marquee::realtime
