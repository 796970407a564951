// Channels and subscriptions over HTTP: following a channel, the counts on its profile,
// its video listing, and counts that stay exact when a thousand users subscribe at once or
// one user toggles from many connections.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <thread>

#include "accounts/TokenSigner.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "db/Database.h"
#include "support/SessionFixtures.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

constexpr const char* kJwtSecret = "subscriptions-test-secret-0123456789abcdef";

struct Subscriptions : ::testing::Test {
  TestServer server{[](Config& config) { config.jwt_secret = kJwtSecret; }};
  const TestClient& client = server.client();
  SystemClock clock;
  accounts::TokenSigner signer{kJwtSecret, 3600, clock};

  std::int64_t subscriber_count(const TestUser& channel) {
    auto r = client.get("/api/users/" + channel.username);
    if (r.status != 200) throw std::runtime_error("profile failed: " + r.body);
    return r.json().as_object()["subscriber_count"].as_int64();
  }

  std::int64_t subscription_rows(const TestUser& channel) {
    return server.app()
        .database()
        .query("SELECT COUNT(*) AS n FROM subscriptions WHERE channel_id = ?", {channel.id})
        .front()
        .i64("n");
  }

  // `count` accounts written straight to the database, each with a signed access token.
  std::vector<std::string> fans(int count) {
    std::vector<accounts::Principal> principals;
    for (int i = 0; i < count; ++i) {
      std::string id = new_public_id();
      std::string username = "fan" + std::to_string(i) + "_" + id.substr(0, 6);
      for (char& c : username) {
        if (c == '-') c = '_';
      }
      principals.push_back({id, username, accounts::Role::user, false});
    }
    std::vector<std::string> tokens = insert_signed_in_users(server.app().database(), signer, principals);
    return tokens;
  }
};

TEST_F(Subscriptions, subscribing_is_idempotent_and_shows_on_the_channel) {
  auto channel = server.register_user("channel");
  auto fan = server.register_user("fan");
  auto profile = client.get("/api/users/" + channel.username).json().as_object();
  EXPECT_EQ(profile["subscriber_count"].as_int64(), 0);
  EXPECT_EQ(profile["video_count"].as_int64(), 0);

  auto first = client.post("/api/users/" + channel.username + "/subscription", object{}, fan.access_token);
  ASSERT_EQ(first.status, 201) << first.body;
  auto body = first.json().as_object();
  EXPECT_EQ(body["channel"].as_object()["username"].as_string(), channel.username);
  EXPECT_EQ(body["channel"].as_object()["subscriber_count"].as_int64(), 1);
  EXPECT_TRUE(body["subscribed_at"].is_string());
  EXPECT_EQ(client.post("/api/users/" + channel.username + "/subscription", object{}, fan.access_token).status, 200);
  EXPECT_EQ(subscriber_count(channel), 1);

  auto mine = client.get("/api/me/subscriptions", fan.access_token);
  ASSERT_EQ(mine.status, 200);
  ASSERT_EQ(mine.json().as_object()["items"].as_array().size(), 1u);
  EXPECT_EQ(mine.json().as_object()["items"].as_array()[0].as_object().at("channel").as_object().at("id").as_string(),
            channel.id);

  EXPECT_EQ(client.post("/api/users/" + fan.username + "/subscription", object{}, fan.access_token).status, 400);
  EXPECT_EQ(client.post("/api/users/nobody_here/subscription", object{}, fan.access_token).status, 404);
  EXPECT_EQ(client.post("/api/users/" + channel.username + "/subscription", object{}).status, 401);
  EXPECT_EQ(client.get("/api/me/subscriptions").status, 401);

  EXPECT_EQ(client.del("/api/users/" + channel.username + "/subscription", fan.access_token).status, 204);
  EXPECT_EQ(client.del("/api/users/" + channel.username + "/subscription", fan.access_token).status, 204);
  EXPECT_EQ(subscriber_count(channel), 0);
  EXPECT_TRUE(client.get("/api/me/subscriptions", fan.access_token).json().as_object()["items"].as_array().empty());
}

TEST_F(Subscriptions, a_deleted_account_no_longer_counts_as_a_subscriber) {
  auto channel = server.register_user("channel");
  auto leaving = server.register_user("leaving");
  auto staying = server.register_user("staying");
  for (const auto& fan : {leaving, staying}) {
    ASSERT_EQ(client.post("/api/users/" + channel.username + "/subscription", object{}, fan.access_token).status, 201);
  }
  auto deleted = client.request("DELETE", "/api/me", boost::json::serialize(object{{"password", leaving.password}}),
                                {{"Authorization", "Bearer " + leaving.access_token}});
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(subscriber_count(channel), 1);
  EXPECT_EQ(subscription_rows(channel), 1);
}

TEST_F(Subscriptions, subscriptions_page_newest_first) {
  auto fan = server.register_user("fan");
  std::vector<TestUser> channels;
  for (int i = 0; i < 5; ++i) {
    channels.push_back(server.register_user("chan"));
    ASSERT_EQ(client.post("/api/users/" + channels.back().username + "/subscription", object{}, fan.access_token).status,
              201);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  std::vector<std::string> listed;
  std::string cursor;
  for (;;) {
    auto r = client.get("/api/me/subscriptions?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor), fan.access_token);
    ASSERT_EQ(r.status, 200) << r.body;
    auto page = r.json().as_object();
    for (const auto& item : page["items"].as_array()) {
      listed.emplace_back(item.as_object().at("channel").as_object().at("username").as_string());
    }
    if (page["next_cursor"].is_null()) break;
    cursor = std::string(page["next_cursor"].as_string());
  }
  ASSERT_EQ(listed.size(), 5u);
  for (std::size_t i = 0; i < listed.size(); ++i) EXPECT_EQ(listed[i], channels[4 - i].username);
  EXPECT_EQ(client.get("/api/me/subscriptions?limit=500", fan.access_token).status, 400);
  EXPECT_EQ(client.get("/api/me/subscriptions?cursor=%%%", fan.access_token).status, 400);
}

TEST_F(Subscriptions, channel_videos_and_video_count_show_public_published_videos) {
  auto channel = server.register_user("maker");
  auto viewer = server.register_user("viewer");
  std::vector<std::string> published;
  for (const char* visibility : {"public", "public", "public", "private", "unlisted"}) {
    auto r = client.post("/api/videos", object{{"title", "v"}, {"visibility", visibility}}, channel.access_token);
    ASSERT_EQ(r.status, 201);
    std::string id(r.json().as_object()["id"].as_string());
    if (std::string(visibility) != "public" || published.size() < 2) {
      server.app().database().execute("UPDATE videos SET status = 'ready' WHERE id = ?", {id});
      if (std::string(visibility) == "public") published.push_back(id);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // distinct created_at: a known order
  }
  EXPECT_EQ(client.get("/api/users/" + channel.username).json().as_object()["video_count"].as_int64(), 2);

  auto first = client.get("/api/users/" + channel.username + "/videos?limit=1", viewer.access_token);
  ASSERT_EQ(first.status, 200) << first.body;
  auto page = first.json().as_object();
  ASSERT_EQ(page["items"].as_array().size(), 1u);
  EXPECT_EQ(page["items"].as_array()[0].as_object().at("id").as_string(), published[1]);
  auto second = client.get("/api/users/" + channel.username + "/videos?limit=1&cursor=" +
                               std::string(page["next_cursor"].as_string()),
                           viewer.access_token);
  EXPECT_EQ(second.json().as_object()["items"].as_array()[0].as_object().at("id").as_string(), published[0]);
  EXPECT_TRUE(second.json().as_object()["next_cursor"].is_null());

  auto own = client.get("/api/users/" + channel.username + "/videos", channel.access_token);
  EXPECT_EQ(own.json().as_object()["items"].as_array().size(), 5u);
  EXPECT_EQ(client.get("/api/users/nobody_here/videos").status, 404);
}

TEST_F(Subscriptions, a_thousand_users_subscribing_at_once_are_counted_exactly) {
  auto channel = server.register_user("popular");
  auto tokens = fans(1000);
  std::atomic<std::size_t> next{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 32; ++t) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < tokens.size(); i = next++) {
        auto r = client.post("/api/users/" + channel.username + "/subscription", object{}, tokens[i]);
        if (r.status != 201) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(subscriber_count(channel), 1000);
  EXPECT_EQ(subscription_rows(channel), 1000);
}

TEST_F(Subscriptions, one_user_toggling_from_many_connections_keeps_the_count_equal_to_the_rows) {
  auto channel = server.register_user("toggled");
  auto fan = server.register_user("fickle");
  std::atomic<int> next{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 10; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < 100; i = next++) {
        const std::string target = "/api/users/" + channel.username + "/subscription";
        auto r = i % 2 == 0 ? client.post(target, object{}, fan.access_token) : client.del(target, fan.access_token);
        if (r.status != 200 && r.status != 201 && r.status != 204) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  const std::int64_t rows = subscription_rows(channel);
  EXPECT_LE(rows, 1);
  EXPECT_EQ(subscriber_count(channel), rows);
}

}  // namespace
}  // namespace marquee::testing
