// Two Marquee processes on one PostgreSQL, as behind a load balancer: a change made through
// one reaches the other's caches through the event bus, not after their ttls. Each node's
// caches are given a minute here, so only an event can explain a change seen within seconds.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <functional>
#include <thread>

#include "db/Database.h"
#include "support/TestDatabase.h"
#include "support/TestRedis.h"
#include "support/TestServer.h"
#include "support/WebSocketTestClient.h"

namespace marquee::testing {
namespace {

using boost::json::object;

// What nodes behind one load balancer share besides the database: the token keys.
void cluster_node(Config& c) {
  c.jwt_secret = "cluster-test-jwt-key-0123456789abcdef";
  c.playback_secret = "cluster-test-playback-key-0123456789";
  c.video_cache_ttl_ms = 60'000;
  c.session_check_ms = 60'000;
}

// Polls `check` for up to 5 s (far below the caches' minute).
bool within_seconds(const std::function<bool()>& check) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    if (check()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return check();
}

struct Cluster : ::testing::Test {
  void SetUp() override {
    if (!using_postgres()) GTEST_SKIP() << "two nodes share one database only on PostgreSQL (MARQUEE_TEST_DATABASE=postgres)";
    a = std::make_unique<TestServer>(cluster_node);
    b = std::make_unique<TestServer>([this](Config& c) {
      cluster_node(c);
      c.database = a->config().database;
      c.role = "api";  // its blob store is its own: transcodes stay on node A
    });
  }
  std::unique_ptr<TestServer> a, b;
};

TEST_F(Cluster, a_video_made_private_on_one_node_leaves_the_others_cache_at_once) {
  TestUser owner = a->user_with_role("creator", "owner");
  auto created = a->client().post("/api/videos", object{{"title", "shared"}, {"visibility", "public"}}, owner.access_token);
  ASSERT_EQ(created.status, 201);
  const std::string id(created.json().at("id").as_string());
  const std::string path = "/api/videos/" + id;
  ASSERT_EQ(b->client().get(path).status, 200);  // now in B's cache for a minute
  ASSERT_EQ(b->client().get(path).json().at("title").as_string(), "shared");

  // A like on A moves the counters B shows.
  TestUser fan = a->register_user("fan");
  ASSERT_EQ(a->client().post(path + "/like", object{}, fan.access_token).status, 200);
  EXPECT_TRUE(within_seconds([&] { return b->client().get(path).json().at("likes_count").as_int64() == 1; }));

  ASSERT_EQ(a->client().patch(path, object{{"title", "renamed"}}, owner.access_token).status, 200);
  EXPECT_TRUE(within_seconds([&] { return b->client().get(path).json().at("title").as_string() == "renamed"; }));
  ASSERT_EQ(a->client().patch(path, object{{"visibility", "private"}}, owner.access_token).status, 200);
  EXPECT_TRUE(within_seconds([&] { return b->client().get(path).status == 404; }));
  ASSERT_EQ(a->client().del(path, owner.access_token).status, 204);
  EXPECT_TRUE(within_seconds([&] { return b->client().get(path, owner.access_token).status == 404; }));
}

// A moderator's removal on node A: node B, whose caches would hold the video for a minute,
// answers 410 and leaves it out of search and the channel within seconds; a ban on A ends the
// banned user's session on B as fast.
TEST_F(Cluster, a_removal_and_a_ban_on_one_node_take_effect_on_the_other_at_once) {
  TestUser owner = a->user_with_role("creator", "owner");
  TestUser reporter = a->register_user("reporter");
  TestUser moderator = a->user_with_role("moderator", "mod");
  auto created = a->client().post("/api/videos", object{{"title", "Lighthouse keeper diary"}, {"visibility", "public"}},
                                  owner.access_token);
  ASSERT_EQ(created.status, 201);
  const std::string id(created.json().at("id").as_string());
  a->app().database().execute("UPDATE videos SET status = 'ready' WHERE id = ?", {id});
  auto listed_on_b = [&](const std::string& target) {
    return b->client().get(target).body.find(id) != std::string::npos;
  };
  ASSERT_EQ(b->client().get("/api/videos/" + id).status, 200);  // now in B's cache for a minute
  ASSERT_TRUE(listed_on_b("/api/search?q=lighthouse"));
  ASSERT_TRUE(listed_on_b("/api/videos?channel=" + owner.username));
  ASSERT_EQ(b->client().get("/api/me", owner.access_token).status, 200);  // B holds the session for a minute

  auto report = a->client().post("/api/reports", object{{"target", "video"}, {"target_id", id}, {"reason", "other"}},
                                 reporter.access_token);
  ASSERT_EQ(report.status, 201);
  auto cases = a->client().get("/api/moderation/cases", moderator.access_token).json();
  const std::string case_id(cases.at("items").as_array().at(0).at("id").as_string());
  ASSERT_EQ(a->client().post("/api/moderation/cases/" + case_id + "/actions",
                             object{{"action", "remove"}, {"public_reason", "Off-topic"}}, moderator.access_token)
                .status,
            201);
  EXPECT_TRUE(within_seconds([&] { return b->client().get("/api/videos/" + id).status == 410; }));
  EXPECT_FALSE(listed_on_b("/api/search?q=lighthouse"));
  EXPECT_FALSE(listed_on_b("/api/videos?channel=" + owner.username));

  ASSERT_EQ(a->client().post("/api/moderation/cases/" + case_id + "/actions",
                             object{{"action", "ban"}, {"public_reason", "Spam ring"}}, moderator.access_token)
                .status,
            201);
  EXPECT_TRUE(within_seconds([&] { return b->client().get("/api/me", owner.access_token).status == 401; }));
}

TEST_F(Cluster, signing_out_on_one_node_ends_the_session_on_the_others) {
  TestUser user = a->register_user("roamer");
  ASSERT_EQ(b->client().get("/api/me", user.access_token).status, 200);  // B holds the session for a minute
  ASSERT_EQ(a->client().post("/api/auth/logout", object{{"refresh_token", user.refresh_token}}).status, 204);
  EXPECT_TRUE(within_seconds([&] { return b->client().get("/api/me", user.access_token).status == 401; }));

  TestUser moderator = a->user_with_role("moderator", "mod");
  TestUser admin = a->user_with_role("admin", "root");
  TestUser owner = a->user_with_role("creator", "owner");
  auto created = a->client().post("/api/videos", object{{"title", "secret"}, {"visibility", "private"}}, owner.access_token);
  const std::string path = "/api/videos/" + std::string(created.json().at("id").as_string());
  ASSERT_EQ(b->client().get(path, moderator.access_token).status, 200);
  ASSERT_EQ(a->client().patch("/api/admin/users/" + moderator.id, object{{"role", "user"}}, admin.access_token).status,
            200);
  EXPECT_TRUE(within_seconds([&] { return b->client().get(path, moderator.access_token).status == 404; }));
}

TEST_F(Cluster, a_like_through_one_node_reaches_a_socket_on_the_other_and_watchers_are_counted_everywhere) {
  TestUser owner = a->user_with_role("creator", "owner");
  TestUser viewer = b->register_user("viewer");
  auto created = a->client().post("/api/videos", object{{"title", "live"}, {"visibility", "public"}}, owner.access_token);
  ASSERT_EQ(created.status, 201);
  const std::string id(created.json().at("id").as_string());

  WebSocketTestClient on_b(b->client().port(), "/api/ws?access_token=" + viewer.access_token);
  ASSERT_TRUE(on_b.call({{"type", "subscribe"}, {"room", "video:" + id}}));
  ASSERT_EQ(a->client().post("/api/videos/" + id + "/like", object{}, owner.access_token).status, 200);
  auto like = on_b.event("like_update");
  ASSERT_TRUE(like);
  EXPECT_EQ(like->at("data").at("likes_count").as_int64(), 1);
  // B says how many of A's events it received, and how late the last one was.
  auto metrics = b->client().get("/metrics").body;
  EXPECT_NE(metrics.find("\nmarquee_events_received_total "), std::string::npos);
  EXPECT_NE(metrics.find("\nmarquee_events_bus_lag_ms "), std::string::npos);
  EXPECT_NE(metrics.find("\nmarquee_realtime_connections_websocket 1"), std::string::npos);

  // Node A counts the socket on node B among those watching.
  EXPECT_TRUE(within_seconds([&] {
    return a->client().get("/api/videos/" + id).json().at("watching_now").as_int64() == 1;
  }));
  // Made private on A: B evicts the viewer from the room at once.
  ASSERT_EQ(a->client().patch("/api/videos/" + id, object{{"visibility", "private"}}, owner.access_token).status, 200);
  auto closed = on_b.event("room_closed");
  ASSERT_TRUE(closed);
  EXPECT_EQ(std::string(closed->at("data").at("room").as_string()), "video:" + id);
}

// The same two nodes with Redis as well (--redis): events ride Redis pub/sub instead of
// PostgreSQL's NOTIFY, and the chat rate is one limit across both nodes.
struct ClusterOnRedis : ::testing::Test {
  void SetUp() override {
    if (!using_postgres()) GTEST_SKIP() << "two nodes share one database only on PostgreSQL (MARQUEE_TEST_DATABASE=postgres)";
    if (!test_redis_url()) GTEST_SKIP() << "MARQUEE_TEST_REDIS_URL is not set; run under scripts/with-redis";
    auto on_redis = [](Config& c) {
      cluster_node(c);
      c.redis_url = *test_redis_url();
      c.realtime_chat_messages_per_minute = 3;
    };
    a = std::make_unique<TestServer>(on_redis);
    b = std::make_unique<TestServer>([&](Config& c) {
      on_redis(c);
      c.database = a->config().database;
      c.role = "api";
    });
  }
  std::unique_ptr<TestServer> a, b;
};

std::string chat_answer(WebSocketTestClient& socket, const std::string& video_id, const std::string& text) {
  auto reply = socket.call({{"type", "chat"}, {"video_id", video_id}, {"text", text}});
  if (!reply) return "(no reply)";
  if (reply->contains("code")) return std::string(reply->at("code").as_string());
  return std::string(reply->at("type").as_string());
}

TEST_F(ClusterOnRedis, events_cross_nodes_through_redis_and_the_chat_rate_is_one_limit_for_both) {
  TestUser owner = a->user_with_role("creator", "owner");
  auto created = a->client().post("/api/videos", object{{"title", "shared"}, {"visibility", "public"}}, owner.access_token);
  ASSERT_EQ(created.status, 201);
  const std::string id(created.json().at("id").as_string());
  const std::string path = "/api/videos/" + id;
  ASSERT_EQ(b->client().get(path).json().at("title").as_string(), "shared");  // in B's cache for a minute
  ASSERT_EQ(a->client().patch(path, object{{"title", "renamed"}}, owner.access_token).status, 200);
  EXPECT_TRUE(within_seconds([&] { return b->client().get(path).json().at("title").as_string() == "renamed"; }));

  // The bus is Redis's: its counters are the ones B reports, and both nodes say Redis is fine.
  const std::string metrics = b->client().get("/metrics").body;
  EXPECT_EQ(metrics.find("\nmarquee_events_received_total 0"), std::string::npos) << "B received A's event";
  EXPECT_NE(metrics.find("\nmarquee_events_received_total "), std::string::npos);
  EXPECT_NE(metrics.find("\nmarquee_redis_up 1"), std::string::npos);
  EXPECT_EQ(b->client().get("/api/ready").json().at("redis").as_string(), "ok");

  TestUser chatter = a->register_user("chatter");
  WebSocketTestClient on_a(a->client().port(), "/api/ws?access_token=" + chatter.access_token);
  WebSocketTestClient on_b(b->client().port(), "/api/ws?access_token=" + chatter.access_token);
  EXPECT_EQ(chat_answer(on_a, id, "one"), "ack");
  EXPECT_EQ(chat_answer(on_b, id, "two"), "ack");
  EXPECT_EQ(chat_answer(on_a, id, "three"), "ack");
  EXPECT_EQ(chat_answer(on_b, id, "four"), "rate_limited") << "three a minute, whichever node takes them";
  EXPECT_EQ(chat_answer(on_a, id, "five"), "rate_limited");
  TestUser other = a->register_user("other");
  WebSocketTestClient others(b->client().port(), "/api/ws?access_token=" + other.access_token);
  EXPECT_EQ(chat_answer(others, id, "hello"), "ack") << "the limit is per user";
}

}  // namespace
}  // namespace marquee::testing
