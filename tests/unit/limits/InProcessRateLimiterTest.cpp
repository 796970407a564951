// What the in-process limiter adds to the RateLimiter contract: exact arithmetic on the
// injected clock, and memory bounded by the keys in use however many keys pass through.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

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

// New keys (which take a shard exclusively, and sweep it) arriving from several threads while
// others spend one hot key under the shared lock: every key still gets exactly its burst.
TEST(InProcessRateLimiter, NewKeysAndSweepsUnderLoadChangeNoAllowance) {
  ManualClock clock(1'000'000);
  InProcessRateLimiter limiter(clock);
  const Rate once_an_hour{1, std::chrono::hours(1), 1};
  const Rate hot_rate{500, std::chrono::hours(1), 500};
  std::atomic<int> hot_allowed{0};
  std::atomic<int> fresh_refused{0};
  std::atomic<int> second_allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5'000; ++i) {
        if (i % 5 == 0) hot_allowed += limiter.allow("hot", hot_rate).allowed ? 1 : 0;
        const std::string key = "new:" + std::to_string(t) + ":" + std::to_string(i);
        if (!limiter.allow(key, once_an_hour).allowed) ++fresh_refused;
        if (limiter.allow(key, once_an_hour).allowed) ++second_allowed;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(hot_allowed.load(), 500) << "4,000 tries at a burst of 500";
  EXPECT_EQ(fresh_refused.load(), 0) << "a key never seen has its whole burst";
  EXPECT_EQ(second_allowed.load(), 0) << "a key's burst of one was spent, whatever the shard did meanwhile";
  EXPECT_EQ(limiter.keys(), 20'001u);
}

// Keys that differ in one byte only, at any place (the end of an address, a user id's last
// character), are limited apart.
TEST(InProcessRateLimiter, KeysDifferingInOneByteAreLimitedApart) {
  ManualClock clock(1'000'000);
  InProcessRateLimiter limiter(clock);
  const Rate once{1, std::chrono::hours(1), 1};
  const std::string base = "rl:read:ip:203.0.113.7";
  for (std::size_t at = 0; at < base.size(); ++at) {
    std::string key = base;
    key[at] = static_cast<char>(key[at] ^ 0x01);
    EXPECT_TRUE(limiter.allow(key, once).allowed) << key;
  }
  for (std::string key : {"", "a", "b", "ab", "ba", "abcdefg", "abcdefh"}) EXPECT_TRUE(limiter.allow(key, once).allowed) << key;
  EXPECT_TRUE(limiter.allow(base, once).allowed);
  EXPECT_FALSE(limiter.allow(base, once).allowed);
}

}  // namespace
}  // namespace marquee::limits
