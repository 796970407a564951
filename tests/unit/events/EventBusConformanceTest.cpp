// One conformance suite for the EventBus contract (events/EventBus.h), run against the
// in-process bus, the PostgreSQL LISTEN/NOTIFY bus and the Redis pub/sub bus. Each test
// talks to a "cluster": one in-process bus (a process is all it spans), or two nodes with
// their own node ids on one database or one Redis. Cases named CrossNode… need a second node
// and run on PostgreSQL and Redis only. The PostgreSQL runs need MARQUEE_TEST_POSTGRES_URL
// (scripts/with-postgres sets it), the Redis runs MARQUEE_TEST_REDIS_URL (scripts/with-redis),
// and each skips without its URL. Node ids are unique per test (and on Redis the channel
// too), so no test sees another's events.
//
// Remote delivery is asynchronous: tests wait for it with a deadline, never a fixed sleep.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/Error.h"
#include "db/Database.h"
#include "events/Event.h"
#include "events/EventBus.h"
#include "events/InProcessEventBus.h"
#include "events/PostgresEventBus.h"
#include "events/RedisEventBus.h"
#include "redis/RedisUrl.h"
#include "support/TestRedis.h"

namespace marquee::events {
namespace {

using namespace std::chrono_literals;

// Generous: only a failing test waits this long.
constexpr auto kPatience = 15s;

std::optional<std::string> postgres_url() {
  const char* url = std::getenv("MARQUEE_TEST_POSTGRES_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

std::string random_suffix() {
  std::random_device device;
  return std::to_string(device()) + std::to_string(device());
}

Event make_event(std::string type, std::string subject, std::string data = "") {
  Event event;
  event.type = std::move(type);
  event.subject = std::move(subject);
  event.data = std::move(data);
  return event;
}

// Waits until `condition` holds, or gives up after kPatience.
bool eventually(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

// The events one or more handlers received, from any thread, in arrival order.
class Received {
 public:
  EventBus::Handler handler() {
    return [this](const Event& event) {
      {
        std::lock_guard lock(mutex_);
        events_.push_back(event);
      }
      changed_.notify_all();
    };
  }
  std::size_t count() const {
    std::lock_guard lock(mutex_);
    return events_.size();
  }
  std::vector<Event> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  bool wait_for(std::size_t count) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kPatience, [&] { return events_.size() >= count; });
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<Event> events_;
};

// How often a node's on_missed handlers ran.
class MissedCount {
 public:
  std::function<void()> handler() {
    return [this] {
      {
        std::lock_guard lock(mutex_);
        ++count_;
      }
      changed_.notify_all();
    };
  }
  int count() const {
    std::lock_guard lock(mutex_);
    return count_;
  }
  bool wait_for(int count) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kPatience, [&] { return count_ >= count; });
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  int count_ = 0;
};

std::string redis_channel(const std::string& run) { return "marquee:test-events:" + run; }

enum class Needs { nothing, postgres, redis };

struct BusBackend {
  std::string name;
  Needs needs = Needs::nothing;
  // The nodes of one cluster, not started, with node ids made from `run`.
  std::function<std::vector<std::unique_ptr<EventBus>>(const std::string& run)> make_cluster;
};

void PrintTo(const BusBackend& backend, std::ostream* out) { *out << backend.name; }

std::vector<BusBackend> bus_backends() {
  return {
      {"in_process", Needs::nothing,
       [](const std::string& run) {
         std::vector<std::unique_ptr<EventBus>> nodes;
         nodes.push_back(std::make_unique<InProcessEventBus>("node-a-" + run));
         return nodes;
       }},
      {"postgres", Needs::postgres,
       [](const std::string& run) {
         std::vector<std::unique_ptr<EventBus>> nodes;
         nodes.push_back(std::make_unique<PostgresEventBus>(*postgres_url(), "node-a-" + run));
         nodes.push_back(std::make_unique<PostgresEventBus>(*postgres_url(), "node-b-" + run));
         return nodes;
       }},
      {"redis", Needs::redis,
       [](const std::string& run) {
         std::vector<std::unique_ptr<EventBus>> nodes;
         const redis::RedisUrl url = redis::parse_redis_url(*testing::test_redis_url());
         RedisEventBusOptions options;
         options.channel = redis_channel(run);
         nodes.push_back(std::make_unique<RedisEventBus>(url, "node-a-" + run, options));
         nodes.push_back(std::make_unique<RedisEventBus>(url, "node-b-" + run, options));
         return nodes;
       }},
  };
}

class EventBusConformanceTest : public ::testing::TestWithParam<BusBackend> {
 protected:
  void SetUp() override {
    if (GetParam().needs == Needs::postgres && !postgres_url()) {
      GTEST_SKIP() << "MARQUEE_TEST_POSTGRES_URL is not set; run the tests under scripts/with-postgres "
                      "to check the PostgreSQL event bus";
    }
    if (GetParam().needs == Needs::redis && !testing::test_redis_url()) {
      GTEST_SKIP() << "MARQUEE_TEST_REDIS_URL is not set; run the tests under scripts/with-redis "
                      "to check the Redis event bus";
    }
    run_ = random_suffix();
    nodes_ = GetParam().make_cluster(run_);
  }

  void TearDown() override {
    kept_.clear();
    nodes_.clear();  // the destructors stop the buses
  }
  // Subscriptions last while the test runs.
  void keep(Subscription subscription) { kept_.push_back(std::move(subscription)); }

  EventBus& a() { return *nodes_.at(0); }
  EventBus& b() { return *nodes_.at(1); }
  bool has_second_node() const { return nodes_.size() > 1; }
  void start_all() {
    for (auto& node : nodes_) node->start();
  }
  BusCounters counters(EventBus& node) {
    if (auto* redis_bus = dynamic_cast<RedisEventBus*>(&node)) return redis_bus->counters();
    return dynamic_cast<PostgresEventBus&>(node).counters();
  }
  bool on_redis() const { return GetParam().needs == Needs::redis; }

  // A connection of the test's own to the cluster's database.
  db::Database& admin() {
    if (!admin_) admin_ = db::open_database(*postgres_url(), {.pool_size = 1});
    return *admin_;
  }
  // A message on the bus channel sent by hand, as a foreign or hostile process would.
  void notify_by_hand(const std::string& payload) {
    if (on_redis()) {
      testing::redis_command(*testing::test_redis_url(), {"PUBLISH", redis_channel(run_), payload});
    } else {
      admin().execute("SELECT pg_notify('marquee_events', ?)", {payload});
    }
  }
  // Ends a node's receiving (or sending) connection from the server's side, as a server
  // restart or a network cut would; returns how many connections were ended.
  int end_connection(EventBus& node, bool receiving) {
    if (on_redis()) {
      return testing::kill_redis_clients_named(*testing::test_redis_url(),
                                               (receiving ? "marquee-bus-sub:" : "marquee-bus-pub:") + node.node_id());
    }
    // pg_terminate_backend(pid, 5000) waits until the session is gone.
    const db::Result killed = admin().execute(
        "SELECT pg_terminate_backend(pid, 5000) AS killed FROM pg_stat_activity WHERE application_name = ?",
        {(receiving ? "marquee-bus-listen:" : "marquee-bus-notify:") + node.node_id()});
    int count = 0;
    for (const auto& row : killed) count += row.boolean("killed") ? 1 : 0;
    return count;
  }

  std::string run_;
  std::vector<std::unique_ptr<EventBus>> nodes_;
  std::vector<Subscription> kept_;
  std::unique_ptr<db::Database> admin_;
};

#define REQUIRE_SECOND_NODE() \
  if (!has_second_node()) GTEST_SKIP() << GetParam().name << " is one node: nothing crosses nodes"

TEST_P(EventBusConformanceTest, DeliversLocallyAtOnceInOrderToEverySubscriberOfThatTypeOnly) {
  std::mutex log_mutex;
  std::vector<std::string> log;
  auto logging = [&](std::string name) {
    return [&, name](const Event& event) {
      std::lock_guard lock(log_mutex);
      log.push_back(name + " " + event.subject);
    };
  };
  Received first;
  Received other_type;
  keep(a().subscribe("video.changed", first.handler()));
  keep(a().subscribe("video.changed", logging("first")));
  keep(a().subscribe("video.changed", logging("second")));
  keep(a().subscribe("rating.changed", other_type.handler()));
  keep(a().subscribe("video.changed.extra", other_type.handler()));
  start_all();

  for (int i = 1; i <= 3; ++i) {
    a().publish(make_event("video.changed", "vid_" + std::to_string(i), R"({"n":)" + std::to_string(i) + "}"));
    ASSERT_EQ(first.count(), static_cast<std::size_t>(i)) << "delivered before publish() returned";
  }
  const std::vector<Event> events = first.events();
  ASSERT_EQ(events.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(events[i].type, "video.changed");
    EXPECT_EQ(events[i].subject, "vid_" + std::to_string(i + 1));
    EXPECT_EQ(events[i].data, R"({"n":)" + std::to_string(i + 1) + "}");
    EXPECT_EQ(events[i].version, 1);
    EXPECT_EQ(events[i].origin, a().node_id());
    EXPECT_EQ(events[i].sequence, i + 1);
  }
  std::lock_guard lock(log_mutex);
  EXPECT_EQ(log, (std::vector<std::string>{"first vid_1", "second vid_1", "first vid_2", "second vid_2", "first vid_3",
                                           "second vid_3"}));
  EXPECT_EQ(other_type.count(), 0u);
}

TEST_P(EventBusConformanceTest, ASubscriptionEndsWithItsOwner) {
  Received kept;
  Received dropped;
  keep(a().subscribe("video.changed", kept.handler()));
  {
    Subscription scoped = a().subscribe("video.changed", dropped.handler());
    start_all();
    a().publish(make_event("video.changed", "vid_1"));
  }  // the subscriber is gone: its handler must never run again
  a().publish(make_event("video.changed", "vid_2"));
  Subscription cancelled = a().subscribe("video.changed", dropped.handler());
  cancelled.cancel();
  a().publish(make_event("video.changed", "vid_3"));
  EXPECT_EQ(kept.count(), 3u);
  EXPECT_EQ(dropped.count(), 1u);
}

// Ending a subscription waits for a call running on another thread, so the subscriber's
// members are never used after it is gone; handlers on two threads never wait on each other.
TEST_P(EventBusConformanceTest, CancellingWaitsForACallRunningOnAnotherThread) {
  std::atomic<bool> entered{false}, finished{false};
  Subscription slow = a().subscribe("video.changed", [&](const Event&) {
    entered = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    finished = true;
  });
  start_all();
  std::thread publisher([&] { a().publish(make_event("video.changed", "vid_1")); });
  while (!entered) std::this_thread::yield();
  // Another handler runs on this thread meanwhile: no lock of the slow one is in its way.
  Received other;
  keep(a().subscribe("rating.changed", other.handler()));
  a().publish(make_event("rating.changed", "vid_1"));
  EXPECT_EQ(other.count(), 1u);
  slow.cancel();
  EXPECT_TRUE(finished) << "cancel() returned while the handler was still running";
  publisher.join();
}

TEST_P(EventBusConformanceTest, AHandlerThatThrowsDoesNotStopTheOthers) {
  std::vector<Received> received(nodes_.size());
  for (std::size_t i = 0; i < nodes_.size(); ++i) {
    keep(nodes_[i]->subscribe("video.deleted", [](const Event&) { throw std::runtime_error("handler broke"); }));
    keep(nodes_[i]->subscribe("video.deleted", [](const Event&) { throw 42; }));
    keep(nodes_[i]->subscribe("video.deleted", received[i].handler()));
  }
  start_all();

  a().publish(make_event("video.deleted", "vid_1"));
  EXPECT_EQ(received[0].count(), 1u);
  a().publish(make_event("video.deleted", "vid_2"));
  EXPECT_EQ(received[0].count(), 2u);
  if (has_second_node()) {
    ASSERT_TRUE(received[1].wait_for(2)) << "the other node's bus thread survived its throwing handlers";
    EXPECT_EQ(received[1].events()[1].subject, "vid_2");
  }
}

TEST_P(EventBusConformanceTest, AHandlerMayPublish) {
  keep(a().subscribe("video.created", [this](const Event& event) {
    a().publish(make_event("feed.invalidated", event.subject, R"({"why":"video.created"})"));
  }));
  Received invalidated;
  keep(a().subscribe("feed.invalidated", invalidated.handler()));
  Received remote;
  MissedCount remote_missed;
  if (has_second_node()) {
    keep(b().subscribe("video.created", remote.handler()));
    keep(b().subscribe("feed.invalidated", remote.handler()));
    keep(b().on_missed(remote_missed.handler()));
  }
  start_all();

  a().publish(make_event("video.created", "vid_1"));
  ASSERT_EQ(invalidated.count(), 1u) << "the nested event was delivered before the outer publish() returned";
  EXPECT_EQ(invalidated.events()[0].subject, "vid_1");
  EXPECT_EQ(invalidated.events()[0].sequence, 2u);

  if (has_second_node()) {
    ASSERT_TRUE(remote.wait_for(2));
    const std::vector<Event> events = remote.events();
    EXPECT_EQ(events[0].type, "video.created");
    EXPECT_EQ(events[0].sequence, 1u);
    EXPECT_EQ(events[1].type, "feed.invalidated");
    EXPECT_EQ(events[1].sequence, 2u);
    EXPECT_EQ(remote_missed.count(), 0) << "the nested event went out after the outer one: no gap";
  }
}

TEST_P(EventBusConformanceTest, AnEventTooLargeIsRefusedAndNothingIsDelivered) {
  Received local;
  keep(a().subscribe("video.changed", local.handler()));
  Received remote;
  MissedCount remote_missed;
  if (has_second_node()) {
    keep(b().subscribe("video.changed", remote.handler()));
    keep(b().on_missed(remote_missed.handler()));
  }
  start_all();

  const std::string big = R"({"description":")" + std::string(kMaxEncodedEventBytes, 'x') + "\"}";
  try {
    a().publish(make_event("video.changed", "vid_big", big));
    FAIL() << "an event over the limit was published";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
  }
  EXPECT_EQ(local.count(), 0u);

  a().publish(make_event("video.changed", "vid_small"));
  ASSERT_EQ(local.count(), 1u);
  EXPECT_EQ(local.events()[0].sequence, 1u) << "the refused event took no sequence number";
  if (has_second_node()) {
    ASSERT_TRUE(remote.wait_for(1));
    EXPECT_EQ(remote.events()[0].subject, "vid_small");
    EXPECT_EQ(remote_missed.count(), 0);
  }
}

TEST_P(EventBusConformanceTest, StopReturnsPromptlyIsIdempotentAndLocalDeliveryGoesOn) {
  Received local;
  keep(a().subscribe("video.changed", local.handler()));
  a().publish(make_event("video.changed", "before_start"));
  EXPECT_EQ(local.count(), 1u) << "local delivery works before start()";
  start_all();

  for (auto& node : nodes_) {
    const auto started = std::chrono::steady_clock::now();
    node->stop();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1s) << node->node_id();
    node->stop();
  }
  a().publish(make_event("video.changed", "after_stop"));
  ASSERT_EQ(local.count(), 2u);
  EXPECT_EQ(local.events()[1].subject, "after_stop");
  EXPECT_EQ(local.events()[1].sequence, 2u);
}

TEST_P(EventBusConformanceTest, CrossNodeEventReachesTheOtherNodeExactlyOnceAndNeverEchoes) {
  REQUIRE_SECOND_NODE();
  Received on_a;
  Received on_b;
  Received fence_on_a;
  keep(a().subscribe("video.changed", on_a.handler()));
  keep(b().subscribe("video.changed", on_b.handler()));
  keep(a().subscribe("test.fence", fence_on_a.handler()));
  start_all();

  Event event = make_event("video.changed", "vid_x", R"({"title":"Café ☕ \"quoted\" \\ {x,y}","private":true})");
  event.version = 3;
  a().publish(event);
  ASSERT_TRUE(on_b.wait_for(1));
  // PostgreSQL delivers notifications in commit order, Redis messages in the order it ran the
  // PUBLISH commands: once A sees B's fence, which B sent after receiving A's event, A's own
  // copy of that event has come back and been skipped.
  b().publish(make_event("test.fence", ""));
  ASSERT_TRUE(fence_on_a.wait_for(1));

  ASSERT_EQ(on_a.count(), 1u);
  ASSERT_EQ(on_b.count(), 1u);
  const Event local = on_a.events()[0];
  const Event remote = on_b.events()[0];
  EXPECT_EQ(remote.type, "video.changed");
  EXPECT_EQ(remote.version, 3);
  EXPECT_EQ(remote.subject, "vid_x");
  EXPECT_EQ(remote.data, local.data);
  EXPECT_NE(remote.data.find("Café ☕"), std::string::npos) << remote.data;
  EXPECT_EQ(remote.origin, a().node_id());
  EXPECT_EQ(remote.sequence, 1u);
  EXPECT_EQ(local.origin, a().node_id());
  EXPECT_EQ(local.sequence, 1u);
  EXPECT_EQ(fence_on_a.events()[0].origin, b().node_id());

  EXPECT_TRUE(eventually([&] { return counters(a()).published == 1 && counters(b()).published == 1; }));
  EXPECT_TRUE(eventually([&] { return counters(a()).delivered_remote == 1 && counters(b()).delivered_remote == 1; }));
  EXPECT_EQ(counters(a()).dropped, 0u);
}

TEST_P(EventBusConformanceTest, CrossNodeBurstOf500ArrivesCompleteAndInOrder) {
  REQUIRE_SECOND_NODE();
  Received on_b;
  MissedCount missed_b;
  keep(b().subscribe("rating.changed", on_b.handler()));
  keep(b().on_missed(missed_b.handler()));
  start_all();

  constexpr int kBurst = 500;
  for (int i = 0; i < kBurst; ++i) {
    a().publish(make_event("rating.changed", "vid_" + std::to_string(i), R"({"likes":)" + std::to_string(i) + "}"));
  }
  ASSERT_TRUE(on_b.wait_for(kBurst)) << "arrived: " << on_b.count();
  const std::vector<Event> events = on_b.events();
  ASSERT_EQ(events.size(), static_cast<std::size_t>(kBurst));
  for (int i = 0; i < kBurst; ++i) {
    ASSERT_EQ(events[i].subject, "vid_" + std::to_string(i));
    ASSERT_EQ(events[i].sequence, static_cast<std::uint64_t>(i + 1));
  }
  EXPECT_EQ(missed_b.count(), 0);
  EXPECT_TRUE(eventually([&] { return counters(a()).published == kBurst; }));
  EXPECT_EQ(counters(a()).dropped, 0u);
  EXPECT_TRUE(eventually([&] { return counters(b()).delivered_remote == kBurst; }));
}

TEST_P(EventBusConformanceTest, CrossNodeConcurrentPublishersGoOutInSequenceOrder) {
  REQUIRE_SECOND_NODE();
  Received on_a;
  Received on_b;
  MissedCount missed_b;
  keep(a().subscribe("view.counted", on_a.handler()));
  keep(b().subscribe("view.counted", on_b.handler()));
  keep(b().on_missed(missed_b.handler()));
  start_all();

  constexpr int kThreads = 4;
  constexpr int kEach = 100;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < kEach; ++i) {
        a().publish(make_event("view.counted", std::to_string(t) + "/" + std::to_string(i)));
      }
    });
  }
  for (auto& thread : threads) thread.join();

  std::set<std::uint64_t> local_sequences;
  for (const Event& event : on_a.events()) local_sequences.insert(event.sequence);
  EXPECT_EQ(local_sequences.size(), static_cast<std::size_t>(kThreads * kEach));
  EXPECT_EQ(*local_sequences.begin(), 1u);
  EXPECT_EQ(*local_sequences.rbegin(), static_cast<std::uint64_t>(kThreads * kEach));

  ASSERT_TRUE(on_b.wait_for(kThreads * kEach)) << "arrived: " << on_b.count();
  const std::vector<Event> remote = on_b.events();
  for (std::size_t i = 0; i < remote.size(); ++i) ASSERT_EQ(remote[i].sequence, i + 1);
  EXPECT_EQ(missed_b.count(), 0);
}

TEST_P(EventBusConformanceTest, CrossNodeAGapInAnotherNodesSequenceCallsTheMissedHandlers) {
  REQUIRE_SECOND_NODE();
  Received pings;
  MissedCount missed_b;
  keep(b().subscribe("test.ping", pings.handler()));
  keep(b().on_missed(missed_b.handler()));
  start_all();

  Event ping = make_event("test.ping", "p");
  ping.origin = "elsewhere-" + run_;
  ping.sequence = 1;
  notify_by_hand(encode_event(ping));
  ASSERT_TRUE(pings.wait_for(1));
  EXPECT_EQ(missed_b.count(), 0) << "an origin seen for the first time starts wherever it is";

  ping.sequence = 3;
  notify_by_hand(encode_event(ping));
  ASSERT_TRUE(pings.wait_for(2));
  EXPECT_EQ(missed_b.count(), 1);
  EXPECT_EQ(pings.events()[1].sequence, 3u) << "the event after the gap is still delivered";

  ping.sequence = 4;
  notify_by_hand(encode_event(ping));
  ASSERT_TRUE(pings.wait_for(3));
  EXPECT_EQ(missed_b.count(), 1);
}

TEST_P(EventBusConformanceTest, CrossNodeGarbageOnTheChannelIsIgnored) {
  REQUIRE_SECOND_NODE();
  Received pings;
  MissedCount missed_b;
  keep(b().subscribe("test.ping", pings.handler()));
  keep(b().on_missed(missed_b.handler()));
  start_all();

  const std::vector<std::string> garbage = {
      "",
      "garbage",
      "{}",
      "[1,2,3]",
      "null",
      R"({"t":"test.ping"})",
      R"({"t":"test.ping","v":1,"s":"p","o":"elsewhere","n":-1})",
      R"({"t":"test.ping","v":1,"s":"p","o":"elsewhere","n":2,"d":[1]})",
      R"({"t":"test.ping","v":"1","s":"p","o":"elsewhere","n":2})",
      std::string(5'000, '{'),
      std::string(7'999, 'x'),
  };
  for (const std::string& payload : garbage) notify_by_hand(payload);
  Event ping = make_event("test.ping", "p");
  ping.origin = "elsewhere-" + run_;
  ping.sequence = 1;
  notify_by_hand(encode_event(ping));

  ASSERT_TRUE(pings.wait_for(1));
  EXPECT_EQ(pings.count(), 1u);
  EXPECT_EQ(pings.events()[0].origin, ping.origin);
  EXPECT_EQ(missed_b.count(), 0);
  EXPECT_EQ(counters(b()).undecodable, garbage.size()) << "the garbage went before the ping on one channel";

  Received after;
  keep(a().subscribe("test.after", after.handler()));
  a().publish(make_event("test.after", ""));
  EXPECT_EQ(after.count(), 1u);
}

TEST_P(EventBusConformanceTest, CrossNodeLosingTheListeningConnectionCallsMissedAndDeliveryResumes) {
  REQUIRE_SECOND_NODE();
  Received on_b;
  MissedCount missed_b;
  keep(b().subscribe("video.changed", on_b.handler()));
  keep(b().on_missed(missed_b.handler()));
  start_all();

  a().publish(make_event("video.changed", "vid_1"));
  ASSERT_TRUE(on_b.wait_for(1));
  EXPECT_EQ(missed_b.count(), 0);

  ASSERT_EQ(end_connection(b(), true), 1) << "B's listening connection is named on the server";
  ASSERT_TRUE(eventually([&] { return counters(b()).reconnects == 1; })) << "B listens again";
  a().publish(make_event("video.changed", "vid_2"));
  ASSERT_TRUE(on_b.wait_for(2)) << "delivery resumed after the reconnect";
  EXPECT_EQ(on_b.events()[1].subject, "vid_2");
  EXPECT_EQ(on_b.events()[1].sequence, 2u);
  // Once after the reconnect at least (the Redis bus also calls them when it loses Redis).
  const int missed_after_reconnect = missed_b.count();
  EXPECT_GE(missed_after_reconnect, 1) << "B noticed it may have missed events";
  a().publish(make_event("video.changed", "vid_3"));
  ASSERT_TRUE(on_b.wait_for(3));
  EXPECT_EQ(missed_b.count(), missed_after_reconnect)
      << "the tracker was reset on reconnect: A's next numbers are no gap";
  EXPECT_EQ(counters(b()).reconnects, 1u);
}

TEST_P(EventBusConformanceTest, CrossNodeASendingConnectionTheServerEndedWhileIdleIsReplacedWithoutLoss) {
  REQUIRE_SECOND_NODE();
  Received on_b;
  MissedCount missed_b;
  keep(b().subscribe("video.changed", on_b.handler()));
  keep(b().on_missed(missed_b.handler()));
  start_all();
  a().publish(make_event("video.changed", "vid_1"));
  ASSERT_TRUE(on_b.wait_for(1));

  // As after a server restart or an idle timeout.
  ASSERT_EQ(end_connection(a(), false), 1) << "A's sending connection is named on the server";

  a().publish(make_event("video.changed", "vid_2"));
  ASSERT_TRUE(on_b.wait_for(2));
  EXPECT_EQ(on_b.events()[1].subject, "vid_2");
  EXPECT_EQ(missed_b.count(), 0);
  EXPECT_EQ(counters(a()).dropped, 0u);
}

TEST_P(EventBusConformanceTest, CrossNodeEventsPublishedJustBeforeStopStillGoOut) {
  REQUIRE_SECOND_NODE();
  Received on_b;
  keep(b().subscribe("video.deleted", on_b.handler()));
  start_all();

  for (int i = 1; i <= 3; ++i) a().publish(make_event("video.deleted", "vid_" + std::to_string(i)));
  a().stop();
  ASSERT_TRUE(on_b.wait_for(3));
  EXPECT_EQ(on_b.events()[2].subject, "vid_3");
  EXPECT_EQ(counters(a()).published, 3u);
}

TEST_P(EventBusConformanceTest, CrossNodeAnEventThatWasNotSentShowsAsAGapOnTheOtherNode) {
  REQUIRE_SECOND_NODE();
  Received on_b;
  MissedCount missed_b;
  keep(b().subscribe("video.changed", on_b.handler()));
  keep(b().on_missed(missed_b.handler()));
  start_all();
  a().publish(make_event("video.changed", "sent_1"));
  ASSERT_TRUE(on_b.wait_for(1));

  a().stop();
  a().publish(make_event("video.changed", "not_sent_2"));
  EXPECT_EQ(counters(a()).dropped, 1u);
  a().start();
  a().publish(make_event("video.changed", "sent_3"));
  ASSERT_TRUE(on_b.wait_for(2));
  EXPECT_EQ(on_b.events()[1].subject, "sent_3");
  EXPECT_EQ(on_b.events()[1].sequence, 3u);
  EXPECT_EQ(missed_b.count(), 1);
}

TEST_P(EventBusConformanceTest, CrossNodeARestartedNodeAssumesItMissedEvents) {
  REQUIRE_SECOND_NODE();
  Received on_b;
  MissedCount missed_b;
  keep(b().subscribe("video.changed", on_b.handler()));
  keep(b().on_missed(missed_b.handler()));
  start_all();

  b().stop();
  a().publish(make_event("video.changed", "while_b_was_stopped"));
  ASSERT_TRUE(eventually([&] { return counters(a()).published == 1; })) << "sent before B listens again";
  b().start();
  ASSERT_TRUE(missed_b.wait_for(1));
  a().publish(make_event("video.changed", "after_restart"));
  ASSERT_TRUE(on_b.wait_for(1));
  EXPECT_EQ(on_b.events()[0].subject, "after_restart");
  EXPECT_EQ(missed_b.count(), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, EventBusConformanceTest, ::testing::ValuesIn(bus_backends()),
                         [](const ::testing::TestParamInfo<BusBackend>& info) { return info.param.name; });

}  // namespace
}  // namespace marquee::events
