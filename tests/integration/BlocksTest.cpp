// Blocking channels over HTTP: idempotent block and unblock, the caller's list of blocks, the
// subscription a block ends (with the channel's count kept exact), and blocks that go with a
// deleted account. What a block does to feeds: FeedsTest.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <thread>

#include "db/Database.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

struct Blocks : ::testing::Test {
  TestServer server;
  const TestClient& client = server.client();

  std::int64_t subscriber_count(const TestUser& channel) {
    auto r = client.get("/api/users/" + channel.username);
    if (r.status != 200) throw std::runtime_error("profile failed: " + r.body);
    return r.json().as_object()["subscriber_count"].as_int64();
  }

  // Every page of the user's blocks, two at a time.
  std::vector<std::string> blocked_usernames(const TestUser& user) {
    std::vector<std::string> names;
    std::string cursor;
    for (;;) {
      std::string target = "/api/me/blocks?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor);
      auto r = client.get(target, user.access_token);
      if (r.status != 200) throw std::runtime_error(target + " answered " + r.body);
      auto page = r.json().as_object();
      for (const auto& item : page["items"].as_array()) {
        names.emplace_back(item.as_object().at("channel").as_object().at("username").as_string());
      }
      if (page["next_cursor"].is_null()) return names;
      cursor = std::string(page["next_cursor"].as_string());
    }
  }
};

TEST_F(Blocks, blocking_is_idempotent_and_listed_newest_first) {
  auto user = server.register_user("user");
  auto spam = server.register_user("spam");
  auto noise = server.register_user("noise");

  auto first = client.post("/api/users/" + spam.username + "/block", object{}, user.access_token);
  ASSERT_EQ(first.status, 201) << first.body;
  auto body = first.json().as_object();
  EXPECT_EQ(body["channel"].as_object()["id"].as_string(), spam.id);
  EXPECT_EQ(body["channel"].as_object()["username"].as_string(), spam.username);
  EXPECT_TRUE(body["blocked_at"].is_string());
  auto again = client.post("/api/users/" + spam.username + "/block", object{}, user.access_token);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json().as_object()["blocked_at"], body["blocked_at"]);

  std::this_thread::sleep_for(std::chrono::milliseconds(2));  // a known order
  ASSERT_EQ(client.post("/api/users/" + noise.username + "/block", object{}, user.access_token).status, 201);
  EXPECT_EQ(blocked_usernames(user), (std::vector<std::string>{noise.username, spam.username}));
  EXPECT_TRUE(blocked_usernames(spam).empty());

  EXPECT_EQ(client.post("/api/users/" + user.username + "/block", object{}, user.access_token).error_code(),
            "validation_failed");
  EXPECT_EQ(client.post("/api/users/nobody_here/block", object{}, user.access_token).status, 404);
  EXPECT_EQ(client.del("/api/users/nobody_here/block", user.access_token).status, 404);
  EXPECT_EQ(client.post("/api/users/" + spam.username + "/block", object{}).status, 401);
  EXPECT_EQ(client.del("/api/users/" + spam.username + "/block").status, 401);
  EXPECT_EQ(client.get("/api/me/blocks").status, 401);
  EXPECT_EQ(client.get("/api/me/blocks?limit=500", user.access_token).status, 400);
  EXPECT_EQ(client.get("/api/me/blocks?cursor=%%%", user.access_token).status, 400);

  EXPECT_EQ(client.del("/api/users/" + spam.username + "/block", user.access_token).status, 204);
  EXPECT_EQ(client.del("/api/users/" + spam.username + "/block", user.access_token).status, 204);
  EXPECT_EQ(blocked_usernames(user), std::vector<std::string>{noise.username});
}

TEST_F(Blocks, blocking_a_followed_channel_ends_the_subscription_and_its_count) {
  auto channel = server.register_user("channel");
  auto fan = server.register_user("fan");
  auto loyal = server.register_user("loyal");
  for (const auto* who : {&fan, &loyal}) {
    ASSERT_EQ(client.post("/api/users/" + channel.username + "/subscription", object{}, who->access_token).status, 201);
  }
  ASSERT_EQ(subscriber_count(channel), 2);

  auto blocked = client.post("/api/users/" + channel.username + "/block", object{}, fan.access_token);
  ASSERT_EQ(blocked.status, 201) << blocked.body;
  EXPECT_EQ(blocked.json().as_object()["channel"].as_object()["subscriber_count"].as_int64(), 1);
  EXPECT_EQ(subscriber_count(channel), 1);
  EXPECT_TRUE(client.get("/api/me/subscriptions", fan.access_token).json().as_object()["items"].as_array().empty());

  // Subscribing again is the user changing their mind: it lifts the block.
  ASSERT_EQ(client.post("/api/users/" + channel.username + "/subscription", object{}, fan.access_token).status, 201);
  EXPECT_EQ(subscriber_count(channel), 2);
  EXPECT_TRUE(blocked_usernames(fan).empty());
}

TEST_F(Blocks, a_deleted_account_takes_its_blocks_with_it) {
  auto user = server.register_user("user");
  auto leaving = server.register_user("leaving");
  ASSERT_EQ(client.post("/api/users/" + leaving.username + "/block", object{}, user.access_token).status, 201);
  ASSERT_EQ(client.post("/api/users/" + user.username + "/block", object{}, leaving.access_token).status, 201);

  auto deleted = client.request("DELETE", "/api/me", boost::json::serialize(object{{"password", leaving.password}}),
                                {{"Authorization", "Bearer " + leaving.access_token},
                                 {"Content-Type", "application/json"}});
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_TRUE(blocked_usernames(user).empty());
  auto rows = server.app().database().query("SELECT COUNT(*) AS n FROM blocks WHERE user_id = ? OR blocked_user_id = ?",
                                            {leaving.id, leaving.id});
  EXPECT_EQ(rows.front().i64("n"), 0);
}

}  // namespace
}  // namespace marquee::testing
