// What the Redis bus adds to the bus contract (EventBusConformanceTest runs that): Redis
// going away, by crash or by freezing, and coming back. Each test starts a redis-server of
// its own to kill or freeze. Needs MARQUEE_TEST_REDIS_URL (scripts/with-redis) and skips
// without it, like the other Redis tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/Ids.h"
#include "events/RedisEventBus.h"
#include "redis/RedisUrl.h"
#include "support/Eventually.h"
#include "support/TestRedis.h"

namespace marquee::events {
namespace {

using namespace std::chrono_literals;
using testing::OwnRedisServer;
using testing::eventually;

Event make_event(std::string subject) {
  Event event;
  event.type = "video.changed";
  event.subject = std::move(subject);
  return event;
}

// The subjects a node received, and how often its on_missed handlers ran.
class Node {
 public:
  Node(const std::string& url, const std::string& name, RedisEventBusOptions options = {})
      : bus(redis::parse_redis_url(url), name + "-" + new_public_id(), options) {
    subscription_ = bus.subscribe("video.changed", [this](const Event& event) {
      std::lock_guard lock(mutex_);
      subjects_.push_back(event.subject);
    });
    missed_subscription_ = bus.on_missed([this] { ++missed_; });
  }
  bool received(const std::string& subject) const {
    std::lock_guard lock(mutex_);
    return std::find(subjects_.begin(), subjects_.end(), subject) != subjects_.end();
  }
  int missed() const { return missed_.load(); }

  RedisEventBus bus;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> subjects_;
  std::atomic<int> missed_{0};
  Subscription subscription_;
  Subscription missed_subscription_;
};

class RedisEventBusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::test_redis_url()) GTEST_SKIP() << "MARQUEE_TEST_REDIS_URL is not set; run under scripts/with-redis";
  }
};

TEST_F(RedisEventBusTest, ARedisThatDiesCallsMissedAtOnceAndAgainWhenItIsBackAndDeliveryResumes) {
  OwnRedisServer server;
  Node a(server.url(), "node-a");
  Node b(server.url(), "node-b");
  a.bus.start();
  b.bus.start();
  EXPECT_TRUE(a.bus.healthy());
  EXPECT_TRUE(b.bus.healthy());
  a.bus.publish(make_event("before"));
  ASSERT_TRUE(eventually([&] { return b.received("before"); }));
  EXPECT_EQ(b.missed(), 0);

  server.kill();
  ASSERT_TRUE(eventually([&] { return b.missed() >= 1; })) << "caches dropped while Redis is still away";
  EXPECT_TRUE(eventually([&] { return !b.bus.healthy(); }));
  a.bus.publish(make_event("while_down"));  // neither throws nor waits
  EXPECT_TRUE(a.received("while_down")) << "local delivery goes on";
  EXPECT_TRUE(eventually([&] { return a.bus.counters().dropped == 1; }));
  EXPECT_FALSE(a.bus.healthy());
  const int missed_while_down = b.missed();

  server.restart();
  ASSERT_TRUE(eventually([&] { return a.bus.healthy() && b.bus.healthy(); })) << "both connections came back";
  EXPECT_GT(b.missed(), missed_while_down) << "and once more after subscribing again";
  EXPECT_GE(b.bus.counters().reconnects, 1u);
  a.bus.publish(make_event("after"));
  EXPECT_TRUE(eventually([&] { return b.received("after"); })) << "delivery resumed";
  EXPECT_FALSE(b.received("while_down"));
}

TEST_F(RedisEventBusTest, AFrozenRedisIsNoticedByThePingAndPublishingNeverWaitsForIt) {
  OwnRedisServer server;
  RedisEventBusOptions options;
  options.connect_timeout = 300ms;
  options.command_timeout = 300ms;
  options.health_check_interval = 200ms;
  Node a(server.url(), "node-a", options);
  Node b(server.url(), "node-b", options);
  a.bus.start();
  b.bus.start();
  a.bus.publish(make_event("before"));
  ASSERT_TRUE(eventually([&] { return b.received("before"); }));

  server.freeze();  // sockets stay open; nothing answers, as with a hung host
  ASSERT_TRUE(eventually([&] { return !b.bus.healthy(); }, 5s)) << "the unanswered PING gave it away";
  // The bus reports itself unhealthy a moment before it calls the on_missed handlers.
  EXPECT_TRUE(eventually([&] { return b.missed() >= 1; })) << "caches were told to drop";

  constexpr int kEvents = 100;
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < kEvents; ++i) a.bus.publish(make_event("frozen_" + std::to_string(i)));
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_LT(took, 250ms) << "publish() queues; it never waits on Redis (the command timeout alone is 300 ms)";
  EXPECT_TRUE(eventually([&] { return a.bus.counters().dropped == kEvents; })) << a.bus.counters().dropped;
  EXPECT_FALSE(a.bus.healthy());

  server.thaw();
  ASSERT_TRUE(eventually([&] { return a.bus.healthy() && b.bus.healthy(); }));
  a.bus.publish(make_event("after"));
  EXPECT_TRUE(eventually([&] { return b.received("after"); }));
}

TEST_F(RedisEventBusTest, ANodeStartedWhileRedisIsDownWorksLocallyAndJoinsWhenRedisComes) {
  OwnRedisServer server;
  server.kill();
  Node a(server.url(), "node-a");
  const auto started = std::chrono::steady_clock::now();
  a.bus.start();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s) << "start() does not wait for Redis";
  EXPECT_FALSE(a.bus.healthy());
  for (int i = 0; i < 10; ++i) a.bus.publish(make_event("early_" + std::to_string(i)));
  EXPECT_TRUE(a.received("early_9"));
  EXPECT_TRUE(eventually([&] { return a.bus.counters().dropped == 10; }));

  server.restart();
  ASSERT_TRUE(eventually([&] { return a.bus.healthy(); }));
  EXPECT_TRUE(eventually([&] { return a.missed() == 1; })) << "it may have missed what others sent meanwhile";
  Node b(server.url(), "node-b");
  b.bus.start();
  a.bus.publish(make_event("joined"));
  EXPECT_TRUE(eventually([&] { return b.received("joined"); }));
  EXPECT_TRUE(eventually([&] { return b.missed() == 0; })) << "a node seen for the first time starts anywhere";
}

TEST_F(RedisEventBusTest, NodesSignInWithThePasswordInTheUrl) {
  OwnRedisServer server({"--requirepass", "bus-secret"});
  const std::string url = "redis://:bus-secret@127.0.0.1:" + std::to_string(server.port()) + "/5";
  Node a(url, "node-a");
  Node b(url, "node-b");
  a.bus.start();
  b.bus.start();
  EXPECT_TRUE(a.bus.healthy());
  a.bus.publish(make_event("signed_in"));
  EXPECT_TRUE(eventually([&] { return b.received("signed_in"); }));

  Node stranger(server.url(), "node-without-password");
  stranger.bus.start();
  EXPECT_FALSE(stranger.bus.healthy()) << "refused without the password";
  EXPECT_FALSE(eventually([&] { return stranger.received("signed_in"); }, 200ms));
}

}  // namespace
}  // namespace marquee::events
