// What the in-process limiter adds to the RateLimiter contract: exact arithmetic on the
// injected clock, and memory bounded by the keys in use however many keys pass through.
#include <gtest/gtest.h>

#include <string>

#include "core/Clock.h"
#include "limits/InProcessRateLimiter.h"

namespace marquee::limits {
namespace {

TEST(InProcessRateLimiter, TheWaitIsExactToTheMillisecond) {
  ManualClock clock(1'000'000);
  InProcessRateLimiter limiter(clock);
  const Rate rate = Rate::per_minute(3);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.allow("k", rate).allowed);
  EXPECT_EQ(limiter.allow("k", rate).retry_after_ms, 20'000);
  clock.advance(19'999);
  const Decision almost = limiter.allow("k", rate);
  EXPECT_FALSE(almost.allowed);
  EXPECT_EQ(almost.retry_after_ms, 1);
  clock.advance(1);
  EXPECT_TRUE(limiter.allow("k", rate).allowed);
  EXPECT_FALSE(limiter.allow("k", rate).allowed);
}

TEST(InProcessRateLimiter, MemoryIsBoundedByTheKeysInUse) {
  ManualClock clock(1'000'000);
  InProcessRateLimiter limiter(clock);
  const Rate rate{1, std::chrono::seconds(1), 1};  // a key is owed for one second
  std::size_t most = 0;
  for (int batch = 0; batch < 50; ++batch) {
    for (int i = 0; i < 5'000; ++i) {
      ASSERT_TRUE(limiter.allow("user:" + std::to_string(batch) + ":" + std::to_string(i), rate).allowed);
    }
    most = std::max(most, limiter.keys());
    clock.advance(2'000);  // every key so far is idle again
  }
  EXPECT_LE(most, 20'000u) << "250,000 keys went through, at most 5,000 owed at a time";
  // An idle key that was forgotten starts afresh: forgetting it changed no decision.
  EXPECT_TRUE(limiter.allow("user:0:0", rate).allowed);
}

TEST(InProcessRateLimiter, KeysStillOwedAreNeverForgotten) {
  ManualClock clock(1'000'000);
  InProcessRateLimiter limiter(clock);
  const Rate slow{1, std::chrono::hours(1), 1};
  ASSERT_TRUE(limiter.allow("owing", slow).allowed);
  for (int i = 0; i < 100'000; ++i) limiter.allow("passer:" + std::to_string(i), Rate{1, std::chrono::milliseconds(1), 1});
  clock.advance(10);  // the passers are idle; "owing" owes an hour
  for (int i = 0; i < 100'000; ++i) limiter.allow("later:" + std::to_string(i), Rate{1, std::chrono::milliseconds(1), 1});
  EXPECT_FALSE(limiter.allow("owing", slow).allowed) << "swept with the idle keys around it";
}

}  // namespace
}  // namespace marquee::limits
