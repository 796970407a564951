// The seeded exploration term: deterministic per seed, different across seeds, uniform.
#include <gtest/gtest.h>

#include <set>

#include "feeds/ExplorationNoise.h"

namespace marquee::feeds {
namespace {

constexpr Millis kDay = 86'400'000;

std::vector<std::string> ids(int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back("video" + std::to_string(i) + "xyz");
  return out;
}

TEST(ReelExploration, same_seed_and_video_give_the_same_value) {
  for (const auto& id : ids(100)) EXPECT_EQ(exploration(42, id), exploration(42, id));
}

TEST(ReelExploration, values_lie_in_the_unit_interval_and_are_roughly_uniform) {
  double sum = 0;
  int low = 0;
  const auto all = ids(20'000);
  for (const auto& id : all) {
    const double u = exploration(7, id);
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    low += u < 0.25;
  }
  EXPECT_NEAR(sum / static_cast<double>(all.size()), 0.5, 0.01);
  EXPECT_NEAR(low / static_cast<double>(all.size()), 0.25, 0.01);
}

TEST(ReelExploration, different_seeds_give_unrelated_values) {
  int differing = 0;
  for (const auto& id : ids(1000)) differing += exploration(1, id) != exploration(2, id);
  EXPECT_EQ(differing, 1000);
  // Orders differ too: compare which of two videos comes first under each seed.
  int flips = 0;
  const auto all = ids(1000);
  for (std::size_t i = 0; i + 1 < all.size(); i += 2) {
    const bool first = exploration(1, all[i]) > exploration(1, all[i + 1]);
    const bool second = exploration(2, all[i]) > exploration(2, all[i + 1]);
    flips += first != second;
  }
  EXPECT_GT(flips, 200);
  EXPECT_LT(flips, 300);
}

TEST(ReelExploration, session_seed_comes_from_the_session_when_given) {
  EXPECT_EQ(session_seed("abc", "user1", 0), session_seed("abc", "user2", 10 * kDay));
  EXPECT_NE(session_seed("abc", "", 0), session_seed("abd", "", 0));
}

TEST(ReelExploration, session_seed_otherwise_holds_for_a_user_for_a_day) {
  const Millis morning = 20'000 * kDay + 1000;
  EXPECT_EQ(session_seed("", "user1", morning), session_seed("", "user1", morning + kDay / 2));
  EXPECT_NE(session_seed("", "user1", morning), session_seed("", "user1", morning + kDay));
  EXPECT_NE(session_seed("", "user1", morning), session_seed("", "user2", morning));
  EXPECT_NE(session_seed("", "", morning), session_seed("", "user1", morning));
}

}  // namespace
}  // namespace marquee::feeds
