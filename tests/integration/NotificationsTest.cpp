// Notifications as their users see them: made from other features' events (a new upload from
// a subscribed channel, a reply, a video ready, a like milestone), listed newest first,
// counted on /api/me, marked read, and turned off per kind.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <thread>

#include "core/Crypto.h"
#include "support/MediaFixtures.h"
#include "support/SessionFixtures.h"
#include "support/TestDatabase.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

constexpr const char* kJwtSecret = "notifications-test-key-0123456789abcdef";

struct Notifications : ::testing::Test {
  TestServer server{[](Config& c) {
    c.jwt_secret = kJwtSecret;
    c.media_preset = "ultrafast";
  }};
  const TestClient& client = server.client();
  TestUser creator = server.user_with_role("creator", "maker");
  std::string media_dir = make_temp_dir("marquee-notify-media");
  ~Notifications() override { std::filesystem::remove_all(media_dir); }

  boost::json::array items(const TestUser& who, const std::string& query = "") {
    auto r = client.get("/api/me/notifications" + query, who.access_token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("items").as_array();
  }
  // The new_video fan-out is a job of its own: its notifications arrive soon after.
  boost::json::array eventually(const TestUser& who, std::size_t count) {
    boost::json::array got;
    for (int i = 0; i < 200; ++i) {
      got = items(who);
      if (got.size() >= count) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return got;
  }
  std::int64_t unread(const TestUser& who) {
    return client.get("/api/me", who.access_token).json().at("unread_notifications").as_int64();
  }
  std::string new_video(const std::string& title) {
    auto r = client.post("/api/videos", object{{"title", title}, {"visibility", "public"}}, creator.access_token);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().at("id").as_string());
  }
  void upload_and_wait(const std::string& id) {
    const std::string bytes = read_file(make_clip(media_dir, id + ".mp4", 160, 120, 1, false));
    auto r = client.request("POST", "/api/videos/" + id + "/source", bytes,
                            {{"Authorization", "Bearer " + creator.access_token}, {"Content-Type", "video/mp4"}});
    ASSERT_EQ(r.status, 201) << r.body;
    for (int i = 0; i < 600; ++i) {
      auto status = client.get("/api/videos/" + id, creator.access_token).json().at("status").as_string();
      if (status == "ready" || status == "failed") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
};

TEST_F(Notifications, subscribers_hear_of_a_new_video_once_and_its_owner_that_it_is_ready) {
  TestUser fan = server.register_user("fan");
  TestUser quiet = server.register_user("quiet");
  TestUser stranger = server.register_user("stranger");
  for (const TestUser* who : {&fan, &quiet}) {
    ASSERT_EQ(client.post("/api/users/" + creator.username + "/subscription", object{}, who->access_token).status, 201);
  }
  ASSERT_EQ(client.patch("/api/me/notification-settings", object{{"new_video", false}}, quiet.access_token).status, 200);
  EXPECT_EQ(unread(fan), 0);

  const std::string id = new_video("Launch day");
  upload_and_wait(id);
  auto fan_items = eventually(fan, 1);
  ASSERT_EQ(fan_items.size(), 1u) << boost::json::serialize(fan_items);
  EXPECT_EQ(fan_items[0].at("kind").as_string(), "new_video");
  EXPECT_EQ(fan_items[0].at("subject_id").as_string(), id);
  EXPECT_EQ(fan_items[0].at("actor_id").as_string(), creator.id);
  EXPECT_EQ(fan_items[0].at("data").at("title").as_string(), "Launch day");
  EXPECT_EQ(fan_items[0].at("read").as_bool(), false);
  EXPECT_EQ(unread(fan), 1);
  EXPECT_TRUE(items(quiet).empty()) << "turned new_video off";
  EXPECT_TRUE(items(stranger).empty()) << "not subscribed";
  auto owner_items = items(creator);
  ASSERT_EQ(owner_items.size(), 1u) << boost::json::serialize(owner_items);
  EXPECT_EQ(owner_items[0].at("kind").as_string(), "video_ready");
  // Editing a ready video is not its becoming ready again.
  ASSERT_EQ(client.patch("/api/videos/" + id, object{{"description", "typo fixed"}}, creator.access_token).status, 200);
  EXPECT_EQ(items(creator).size(), 1u);

  // Made private and public again: still announced once.
  ASSERT_EQ(client.patch("/api/videos/" + id, object{{"visibility", "private"}}, creator.access_token).status, 200);
  EXPECT_TRUE(items(fan).empty()) << "a video made private leaves the lists of those who may not see it";
  EXPECT_EQ(items(creator).size(), 1u) << "its owner still sees theirs";
  ASSERT_EQ(client.patch("/api/videos/" + id, object{{"visibility", "public"}}, creator.access_token).status, 200);
  EXPECT_EQ(items(fan).size(), 1u);

  // Reading: another user's ids change nothing; the owner's own ids mark them read.
  const std::string notification_id(fan_items[0].at("id").as_string());
  auto foreign = client.post("/api/me/notifications/read", object{{"ids", boost::json::array{notification_id}}},
                             stranger.access_token);
  EXPECT_EQ(foreign.json().at("marked").as_int64(), 0);
  auto marked = client.post("/api/me/notifications/read", object{{"ids", boost::json::array{notification_id}}},
                            fan.access_token);
  ASSERT_EQ(marked.status, 200) << marked.body;
  EXPECT_EQ(marked.json().at("marked").as_int64(), 1);
  EXPECT_EQ(marked.json().at("unread_count").as_int64(), 0);
  EXPECT_EQ(unread(fan), 0);
  EXPECT_TRUE(items(fan, "?unread=true").empty());
  EXPECT_EQ(items(fan).size(), 1u);

  // A deleted video takes its notifications with it.
  ASSERT_EQ(client.del("/api/videos/" + id, creator.access_token).status, 204);
  EXPECT_TRUE(items(fan).empty());
  EXPECT_TRUE(items(creator).empty());
}

// The fan-out writes every subscriber, in chunks of several sizes (263 = 200 + 50 + 10 + 3 × 1).
TEST_F(Notifications, a_channel_with_hundreds_of_subscribers_notifies_each_once) {
  SystemClock clock;
  accounts::TokenSigner signer(kJwtSecret, 3600, clock);
  std::vector<accounts::Principal> fans;
  for (int i = 0; i < 263; ++i) {
    std::string user_id = crypto::base64url_encode(crypto::random_bytes(9));
    for (char& c : user_id) {
      if (c == '-' || c == '_') c = 'x';
    }
    fans.push_back({user_id, "crowd" + std::to_string(i) + user_id.substr(0, 4), accounts::Role::user, false});
  }
  insert_signed_in_users(server.app().database(), signer, fans);
  server.app().database().write([&](db::Connection& c) {
    for (const auto& fan : fans) {
      c.exec("INSERT INTO subscriptions (subscriber_id, channel_id, created_at) VALUES (?, ?, 0)",
             {fan.user_id, creator.id});
    }
  });
  const std::string id = new_video("for the crowd");
  upload_and_wait(id);
  auto count = [&] {
    return server.app()
        .database()
        .query("SELECT COUNT(*) AS n FROM notifications WHERE kind = 'new_video' AND subject_id = ?", {id})
        .front()
        .i64("n");
  };
  for (int i = 0; i < 200 && count() < 263; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(count(), 263);
  auto distinct = server.app()
                      .database()
                      .query("SELECT COUNT(DISTINCT user_id) AS n FROM notifications WHERE subject_id = ?", {id})
                      .front()
                      .i64("n");
  EXPECT_EQ(distinct, 264) << "each subscriber once, and the owner's video_ready";
}

TEST_F(Notifications, a_reply_notifies_the_comment_author_but_not_oneself) {
  TestUser alice = server.register_user("alice");
  TestUser bob = server.register_user("bob");
  const std::string id = new_video("talk");
  auto top = client.post("/api/videos/" + id + "/comments", object{{"text", "first!"}}, alice.access_token);
  ASSERT_EQ(top.status, 201) << top.body;
  const std::string top_id(top.json().at("id").as_string());
  auto own = client.post("/api/videos/" + id + "/comments", object{{"text", "me again"}, {"parent_id", top_id}},
                         alice.access_token);
  ASSERT_EQ(own.status, 201);
  EXPECT_TRUE(items(alice).empty()) << "replying to oneself notifies nobody";
  auto reply = client.post("/api/videos/" + id + "/comments", object{{"text", "welcome"}, {"parent_id", top_id}},
                           bob.access_token);
  ASSERT_EQ(reply.status, 201);
  auto got = items(alice);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].at("kind").as_string(), "comment_reply");
  EXPECT_EQ(got[0].at("subject_id").as_string(), reply.json().at("id").as_string());
  EXPECT_EQ(got[0].at("actor_id").as_string(), bob.id);
  EXPECT_EQ(got[0].at("data").at("video_id").as_string(), id);

  // Once alice blocks bob's channel, his replies neither notify her nor stay in her list.
  ASSERT_EQ(client.post("/api/users/" + bob.username + "/block", object{}, alice.access_token).status, 201);
  EXPECT_TRUE(items(alice).empty());
  ASSERT_EQ(client.post("/api/videos/" + id + "/comments", object{{"text", "again"}, {"parent_id", top_id}},
                        bob.access_token)
                .status,
            201);
  ASSERT_EQ(client.del("/api/users/" + bob.username + "/block", alice.access_token).status, 204);
  EXPECT_EQ(items(alice).size(), 1u) << "only the reply from before the block";
}

TEST_F(Notifications, a_like_milestone_notifies_the_owner_once) {
  const std::string id = new_video("popular");
  SystemClock clock;
  accounts::TokenSigner signer(kJwtSecret, 3600, clock);
  std::vector<accounts::Principal> fans;
  for (int i = 0; i < 11; ++i) {
    std::string user_id = crypto::base64url_encode(crypto::random_bytes(9));
    for (char& c : user_id) {
      if (c == '-' || c == '_') c = 'x';
    }
    fans.push_back({user_id, "liker" + std::to_string(i) + user_id.substr(0, 4), accounts::Role::user, false});
  }
  auto tokens = insert_signed_in_users(server.app().database(), signer, fans);
  for (int i = 0; i < 9; ++i) ASSERT_EQ(client.post("/api/videos/" + id + "/like", object{}, tokens[i]).status, 200);
  EXPECT_TRUE(items(creator).empty());
  ASSERT_EQ(client.post("/api/videos/" + id + "/like", object{}, tokens[9]).status, 200);  // the 10th
  ASSERT_EQ(client.post("/api/videos/" + id + "/like", object{}, tokens[9]).status, 200);  // taken back: 9
  ASSERT_EQ(client.post("/api/videos/" + id + "/like", object{}, tokens[10]).status, 200);  // 10 again
  auto got = items(creator);
  ASSERT_EQ(got.size(), 1u) << boost::json::serialize(got);
  EXPECT_EQ(got[0].at("kind").as_string(), "like_milestone");
  EXPECT_EQ(got[0].at("data").at("likes").as_int64(), 10);
}

TEST_F(Notifications, settings_and_read_calls_refuse_what_they_cannot_do) {
  auto settings = client.get("/api/me/notification-settings", creator.access_token);
  ASSERT_EQ(settings.status, 200);
  for (const char* kind : {"new_video", "comment_reply", "video_ready", "video_failed", "like_milestone"}) {
    EXPECT_EQ(settings.json().at(kind).as_bool(), true) << kind;
  }
  EXPECT_EQ(client.patch("/api/me/notification-settings", object{{"spam", false}}, creator.access_token).status, 400);
  EXPECT_EQ(client.patch("/api/me/notification-settings", object{{"new_video", "no"}}, creator.access_token).status, 400);
  boost::json::array many;
  for (int i = 0; i < 501; ++i) many.push_back("aaaaaaaaaaaa");
  EXPECT_EQ(client.post("/api/me/notifications/read", object{{"ids", many}}, creator.access_token).status, 400);
  EXPECT_EQ(client.post("/api/me/notifications/read", object{}, creator.access_token).status, 400);
  EXPECT_EQ(client.post("/api/me/notifications/read", object{{"all", true}}, creator.access_token).status, 200);
  EXPECT_EQ(client.get("/api/me/notifications?limit=0", creator.access_token).status, 400);
  EXPECT_EQ(client.get("/api/me/notifications?cursor=garbage", creator.access_token).status, 400);
}

}  // namespace
}  // namespace marquee::testing
