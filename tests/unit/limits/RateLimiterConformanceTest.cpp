// One conformance suite for the RateLimiter contract (limits/RateLimiter.h), run against the
// in-process limiter and the Redis one. Each test talks to a "cluster": one in-process
// limiter, or two RedisRateLimiter nodes on one Redis (cases named CrossNode… need the second
// node). The Redis runs need MARQUEE_TEST_REDIS_URL (scripts/with-redis) and skip without it.
//
// Time: the in-process limiter reads an injected clock, which pass() moves; Redis reads its
// own clock, so on Redis pass() sleeps, and the rates whose refill is tested have periods of
// a tenth of a second. Keys are unique per test.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/Clock.h"
#include "core/Ids.h"
#include "limits/InProcessRateLimiter.h"
#include "limits/RedisRateLimiter.h"
#include "redis/RedisUrl.h"
#include "support/TestRedis.h"

namespace marquee::limits {
namespace {

using namespace std::chrono_literals;

struct LimiterBackend {
  std::string name;
  bool needs_redis = false;
};

void PrintTo(const LimiterBackend& backend, std::ostream* out) { *out << backend.name; }

class RateLimiterConformanceTest : public ::testing::TestWithParam<LimiterBackend> {
 protected:
  void SetUp() override {
    if (GetParam().needs_redis) {
      if (!testing::test_redis_url()) {
        GTEST_SKIP() << "MARQUEE_TEST_REDIS_URL is not set; run the tests under scripts/with-redis to check the "
                        "Redis rate limiter";
      }
      RedisRateLimiterOptions options;
      options.key_prefix = "marquee:test-rate:" + new_public_id() + ":";
      const redis::RedisUrl url = redis::parse_redis_url(*testing::test_redis_url());
      nodes_.push_back(std::make_unique<RedisRateLimiter>(url, clock_, options));
      // The other node's clock is an hour ahead: Redis's clock decides, not the nodes'.
      nodes_.push_back(std::make_unique<RedisRateLimiter>(url, ahead_clock_, options));
    } else {
      nodes_.push_back(std::make_unique<InProcessRateLimiter>(clock_));
    }
  }

  void TearDown() override {
    if (!GetParam().needs_redis) return;
    for (const auto& node : nodes_) {
      EXPECT_TRUE(node->healthy()) << "every decision came from Redis";
      EXPECT_EQ(dynamic_cast<RedisRateLimiter&>(*node).counters().decided_locally, 0u);
    }
  }

  RateLimiter& a() { return *nodes_.at(0); }
  RateLimiter& b() { return *nodes_.at(1); }
  bool has_second_node() const { return nodes_.size() > 1; }
  void pass(std::chrono::milliseconds time) {
    if (GetParam().needs_redis) {
      std::this_thread::sleep_for(time);
    } else {
      clock_.advance(time.count());
    }
  }
  // Refill is measured on Redis's clock while the test's own requests take time too.
  std::int64_t slack_ms() const { return GetParam().needs_redis ? 1'000 : 0; }

  ManualClock clock_{1'700'000'000'000};
  ManualClock ahead_clock_{1'700'003'600'000};
  std::vector<std::unique_ptr<RateLimiter>> nodes_;
};

#define REQUIRE_SECOND_NODE() \
  if (!has_second_node()) GTEST_SKIP() << GetParam().name << " is one node: nothing crosses nodes"

TEST_P(RateLimiterConformanceTest, ABurstIsAllowedAtOnceAndTheNextIsRefusedWithItsWait) {
  const Rate rate{3, 1min, 3};  // one every 20 s, three at once
  for (int i = 0; i < 3; ++i) {
    const Decision decision = a().allow("chat:u1", rate);
    ASSERT_TRUE(decision.allowed) << i;
    EXPECT_EQ(decision.retry_after_ms, 0);
    EXPECT_EQ(decision.remaining, 2 - i);
  }
  const Decision refused = a().allow("chat:u1", rate);
  EXPECT_FALSE(refused.allowed);
  EXPECT_LE(refused.retry_after_ms, 20'000);
  EXPECT_GE(refused.retry_after_ms, 20'000 - slack_ms());
  EXPECT_EQ(refused.remaining, 0);
}

TEST_P(RateLimiterConformanceTest, ARefusedRequestTakesNothingAndTheWaitItNamesIsEnough) {
  const Rate rate{10, 1s, 1};  // one every 100 ms
  ASSERT_TRUE(a().allow("k", rate).allowed);
  Decision refused;
  for (int i = 0; i < 5; ++i) {
    refused = a().allow("k", rate);
    ASSERT_FALSE(refused.allowed);
    EXPECT_GT(refused.retry_after_ms, 0);
    EXPECT_LE(refused.retry_after_ms, 100);
  }
  pass(std::chrono::milliseconds(refused.retry_after_ms));
  EXPECT_TRUE(a().allow("k", rate).allowed) << "five refusals did not push the next slot back";
  EXPECT_FALSE(a().allow("k", rate).allowed);
}

TEST_P(RateLimiterConformanceTest, TheSustainedRateRefillsUpToTheBurstOnly) {
  const Rate rate{20, 1s, 2};  // one every 50 ms, two at once
  EXPECT_TRUE(a().allow("k", rate).allowed);
  EXPECT_TRUE(a().allow("k", rate).allowed);
  EXPECT_FALSE(a().allow("k", rate).allowed);
  pass(50ms);
  EXPECT_TRUE(a().allow("k", rate).allowed);
  EXPECT_FALSE(a().allow("k", rate).allowed);
  pass(1s);  // idle for twenty intervals: the burst is back, and no more
  EXPECT_TRUE(a().allow("k", rate).allowed);
  EXPECT_TRUE(a().allow("k", rate).allowed);
  EXPECT_FALSE(a().allow("k", rate).allowed);
}

TEST_P(RateLimiterConformanceTest, KeysAreLimitedApart) {
  const Rate rate{1, 1h, 1};
  EXPECT_TRUE(a().allow("chat:alice", rate).allowed);
  EXPECT_FALSE(a().allow("chat:alice", rate).allowed);
  EXPECT_TRUE(a().allow("chat:bob", rate).allowed);
  EXPECT_TRUE(a().allow("chat:alice:2", rate).allowed);
  EXPECT_TRUE(a().allow("", rate).allowed);
  EXPECT_TRUE(a().allow(std::string("bin\0ary \r\n", 10), rate).allowed);
  EXPECT_FALSE(a().allow(std::string("bin\0ary \r\n", 10), rate).allowed);
}

TEST_P(RateLimiterConformanceTest, ACostTakesSeveralAndACostAboveTheBurstIsNeverAllowed) {
  const Rate rate{5, 1h, 5};
  Decision decision = a().allow("k", rate, 3);
  EXPECT_TRUE(decision.allowed);
  EXPECT_EQ(decision.remaining, 2);
  decision = a().allow("k", rate, 3);
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.remaining, 2) << "refused: nothing taken";
  decision = a().allow("k", rate, 0);
  EXPECT_TRUE(decision.allowed) << "a cost of 0 asks without taking";
  EXPECT_EQ(decision.remaining, 2);
  EXPECT_TRUE(a().allow("k", rate, 2).allowed);
  EXPECT_FALSE(a().allow("k", rate, 1).allowed);

  const Decision too_big = a().allow("fresh", rate, 6);
  EXPECT_FALSE(too_big.allowed);
  EXPECT_GT(too_big.retry_after_ms, 0);
  EXPECT_TRUE(a().allow("fresh", rate, 5).allowed) << "the refused cost took nothing";
}

TEST_P(RateLimiterConformanceTest, RatesAndCostsOutOfRangeAreRefusedLoudly) {
  EXPECT_THROW(a().allow("k", Rate{0, 1s, 1}), std::invalid_argument);
  EXPECT_THROW(a().allow("k", Rate{1, 0ms, 1}), std::invalid_argument);
  EXPECT_THROW(a().allow("k", Rate{1, -1s, 1}), std::invalid_argument);
  EXPECT_THROW(a().allow("k", Rate{1, 1s, 0}), std::invalid_argument);
  EXPECT_THROW(a().allow("k", Rate{1, 1s, 1}, -1), std::invalid_argument);
  EXPECT_THROW(a().allow("k", Rate{1, std::chrono::hours(24 * 365 * 11), 1}), std::invalid_argument);
  EXPECT_THROW(a().allow("k", Rate{1, std::chrono::hours(24 * 365), 1'000}), std::invalid_argument)
      << "a burst spanning a thousand years";
  EXPECT_TRUE(a().allow("k", Rate{1'000'000'000, 1ms, 1}).allowed) << "faster than a microsecond is one per µs";
}

TEST_P(RateLimiterConformanceTest, ConcurrentCallersNeverGetMoreThanTheBurst) {
  const Rate rate{100, 1h, 100};
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 40; ++i) allowed += a().allow("hot", rate).allowed ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 100);
}

TEST_P(RateLimiterConformanceTest, CrossNodeTheLimitIsSharedByEveryNode) {
  REQUIRE_SECOND_NODE();
  const Rate rate = Rate::per_minute(3);
  EXPECT_TRUE(a().allow("chat:u", rate).allowed);
  EXPECT_TRUE(b().allow("chat:u", rate).allowed);
  EXPECT_TRUE(a().allow("chat:u", rate).allowed);
  const Decision on_b = b().allow("chat:u", rate);
  EXPECT_FALSE(on_b.allowed) << "three were taken, on two nodes";
  EXPECT_GT(on_b.retry_after_ms, 0);
  EXPECT_LE(on_b.retry_after_ms, 20'000) << "the node an hour ahead waits as long as the other";
  EXPECT_FALSE(a().allow("chat:u", rate).allowed);
}

TEST_P(RateLimiterConformanceTest, CrossNodeConcurrentNodesNeverGetMoreThanTheBurst) {
  REQUIRE_SECOND_NODE();
  const Rate rate{50, 1h, 50};
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      RateLimiter& node = t % 2 == 0 ? a() : b();
      for (int i = 0; i < 30; ++i) allowed += node.allow("hot", rate).allowed ? 1 : 0;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 50);
}

INSTANTIATE_TEST_SUITE_P(Backends, RateLimiterConformanceTest,
                         ::testing::Values(LimiterBackend{"in_process", false}, LimiterBackend{"redis", true}),
                         [](const ::testing::TestParamInfo<LimiterBackend>& info) { return info.param.name; });

}  // namespace
}  // namespace marquee::limits
