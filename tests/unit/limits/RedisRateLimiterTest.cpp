// What the Redis limiter adds to the RateLimiter contract (RateLimiterConformanceTest runs
// that): keys that live only as long as they are owed, a script Redis forgot, and Redis
// going away: the limiter falls back to this node alone, at once, and comes back. Tests that
// take Redis away start a redis-server of their own. Needs MARQUEE_TEST_REDIS_URL
// (scripts/with-redis) and skips without it.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <thread>

#include "core/Clock.h"
#include "core/Ids.h"
#include "limits/RedisRateLimiter.h"
#include "redis/RedisUrl.h"
#include "support/Eventually.h"
#include "support/TestRedis.h"

namespace marquee::limits {
namespace {

using namespace std::chrono_literals;
using testing::OwnRedisServer;
using testing::eventually;

class RedisRateLimiterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::test_redis_url()) GTEST_SKIP() << "MARQUEE_TEST_REDIS_URL is not set; run under scripts/with-redis";
    prefix_ = "marquee:test-rate:" + new_public_id() + ":";
  }
  RedisRateLimiterOptions options() const {
    RedisRateLimiterOptions options;
    options.key_prefix = prefix_;
    return options;
  }
  std::int64_t pttl(const std::string& url, const std::string& key) const {
    return testing::redis_command(url, {"PTTL", prefix_ + key}).integer;
  }

  ManualClock clock_{1'700'000'000'000};
  std::string prefix_;
};

TEST_F(RedisRateLimiterTest, AKeyLivesInRedisOnlyUntilItsTatPasses) {
  const std::string url = *testing::test_redis_url();
  RedisRateLimiter limiter(redis::parse_redis_url(url), clock_, options());
  const Rate rate = Rate::per_minute(3);  // 20 s per request
  ASSERT_TRUE(limiter.allow("k", rate).allowed);
  std::int64_t ttl = pttl(url, "k");
  EXPECT_GT(ttl, 19'000);
  EXPECT_LE(ttl, 20'000);
  ASSERT_TRUE(limiter.allow("k", rate).allowed);
  ttl = pttl(url, "k");
  EXPECT_GT(ttl, 39'000);
  EXPECT_LE(ttl, 40'000);
  ASSERT_TRUE(limiter.allow("k", rate).allowed);
  ASSERT_FALSE(limiter.allow("k", rate).allowed);
  EXPECT_LE(pttl(url, "k"), 60'000) << "a refusal does not extend it";
  EXPECT_EQ(pttl(url, "never-allowed"), -2);
  EXPECT_FALSE(limiter.allow("never-allowed", rate, 4).allowed);
  EXPECT_EQ(pttl(url, "never-allowed"), -2) << "nothing stored for a refusal";
}

TEST_F(RedisRateLimiterTest, AScriptRedisForgotIsSentAgain) {
  const std::string url = *testing::test_redis_url();
  RedisRateLimiter limiter(redis::parse_redis_url(url), clock_, options());
  const Rate rate{2, 1h, 2};
  ASSERT_TRUE(limiter.allow("k", rate).allowed);
  testing::redis_command(url, {"SCRIPT", "FLUSH"});  // as after a Redis restart
  ASSERT_TRUE(limiter.allow("k", rate).allowed);
  EXPECT_FALSE(limiter.allow("k", rate).allowed) << "the state survived: only the script was gone";
  EXPECT_TRUE(limiter.healthy());
  EXPECT_EQ(limiter.counters().decided_by_redis, 3u);
  EXPECT_EQ(limiter.counters().redis_failures, 0u);
}

TEST_F(RedisRateLimiterTest, WithoutRedisEachNodeLimitsAloneAtOnce) {
  OwnRedisServer server;
  const std::string url = server.url();
  server.kill();
  RedisRateLimiter limiter(redis::parse_redis_url(url), clock_, options());
  const Rate rate{2, 1h, 2};
  const auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(limiter.allow("k", rate).allowed);
  EXPECT_TRUE(limiter.allow("k", rate).allowed);
  const Decision refused = limiter.allow("k", rate);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 500ms) << "a refused connection costs nothing to wait for";
  EXPECT_FALSE(refused.allowed) << "fail-open per node: the node still limits what it sees";
  EXPECT_EQ(refused.retry_after_ms, 1'800'000);
  EXPECT_FALSE(limiter.healthy());
  EXPECT_FALSE(limiter.probe());
  EXPECT_EQ(limiter.counters().decided_locally, 3u);
  EXPECT_EQ(limiter.counters().decided_by_redis, 0u);
}

TEST_F(RedisRateLimiterTest, AFrozenRedisCostsOneRequestTheTimeoutThenNoneUntilItIsTriedAgain) {
  OwnRedisServer server;
  RedisRateLimiterOptions short_waits = options();
  short_waits.connect_timeout = 200ms;
  short_waits.command_timeout = 200ms;
  short_waits.first_backoff = 300ms;
  RedisRateLimiter a(redis::parse_redis_url(server.url()), clock_, short_waits);
  RedisRateLimiter b(redis::parse_redis_url(server.url()), clock_, short_waits);
  const Rate rate{3, 1h, 3};
  ASSERT_TRUE(a.allow("k", rate).allowed);
  ASSERT_TRUE(b.allow("k", rate).allowed);

  server.freeze();
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(a.allow("k", rate).allowed) << "decided here: this node saw nothing of its own yet";
  auto took = std::chrono::steady_clock::now() - started;
  EXPECT_GE(took, 200ms);
  EXPECT_LT(took, 1s);
  EXPECT_FALSE(a.healthy());
  started = std::chrono::steady_clock::now();
  for (int i = 0; i < 50; ++i) a.allow("other" + std::to_string(i), rate);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 150ms) << "no request waits on Redis during the backoff";

  server.thaw();
  // Tried again after the backoff, by the next request; the shared state is Redis's again.
  ASSERT_TRUE(eventually([&] {
    a.allow("probe", rate, 0);
    return a.healthy();
  }));
  // (The request that timed out may yet have run once Redis thawed: a timeout does not say
  // whether Redis did it. Fresh keys then.)
  const Rate once{1, 1h, 1};
  EXPECT_TRUE(a.allow("after", once).allowed);
  EXPECT_FALSE(b.allow("after", once).allowed) << "shared again";
  EXPECT_TRUE(b.healthy());
}

TEST_F(RedisRateLimiterTest, ProbeNoticesRedisGoneAndBackWithoutARequest) {
  OwnRedisServer server;
  RedisRateLimiterOptions quick = options();
  quick.first_backoff = 100ms;
  RedisRateLimiter limiter(redis::parse_redis_url(server.url()), clock_, quick);
  EXPECT_TRUE(limiter.probe());
  server.kill();
  EXPECT_FALSE(limiter.probe());
  server.restart();
  EXPECT_TRUE(eventually([&] { return limiter.probe(); }));
  EXPECT_TRUE(limiter.allow("k", Rate{1, 1h, 1}).allowed);
  EXPECT_EQ(limiter.counters().decided_by_redis, 1u);
}

}  // namespace
}  // namespace marquee::limits
