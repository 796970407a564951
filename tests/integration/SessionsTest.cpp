// An access token is only as good as its session: signing out, signing out everywhere,
// changing the password and deleting the account end it at once, and a change of role or
// premium applies to tokens already issued.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <thread>

#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

struct Sessions : ::testing::Test {
  TestServer server;
  const TestClient& client = server.client();
  TestUser admin = server.user_with_role("admin", "root");

  int me(const std::string& token) { return client.get("/api/me", token).status; }
};

TEST_F(Sessions, logout_ends_that_session_and_only_that_one) {
  TestUser phone = server.register_user("ada");
  TestUser laptop = server.sign_in(phone);
  ASSERT_EQ(me(phone.access_token), 200);
  ASSERT_EQ(client.post("/api/auth/logout", object{{"refresh_token", phone.refresh_token}}).status, 204);
  auto r = client.get("/api/me", phone.access_token);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.error_code(), "unauthorized");
  EXPECT_EQ(client.post("/api/auth/refresh", object{{"refresh_token", phone.refresh_token}}).status, 401);
  EXPECT_EQ(me(laptop.access_token), 200);
  // A refreshed session keeps working; the access token of its earlier rotation too, until it expires.
  auto refreshed = client.post("/api/auth/refresh", object{{"refresh_token", laptop.refresh_token}});
  ASSERT_EQ(refreshed.status, 200);
  EXPECT_EQ(me(std::string(refreshed.json().at("access_token").as_string())), 200);
  EXPECT_EQ(me(laptop.access_token), 200);
}

TEST_F(Sessions, logout_everywhere_and_a_password_change_end_every_session) {
  TestUser one = server.register_user("bo");
  TestUser two = server.sign_in(one);
  ASSERT_EQ(client.post("/api/auth/logout-all", object{}, one.access_token).status, 204);
  EXPECT_EQ(me(one.access_token), 401);
  EXPECT_EQ(me(two.access_token), 401);
  EXPECT_EQ(client.post("/api/auth/refresh", object{{"refresh_token", two.refresh_token}}).status, 401);

  TestUser three = server.sign_in(one);
  TestUser four = server.sign_in(one);
  auto wrong = client.post("/api/me/password",
                           object{{"current_password", "not it at all"}, {"new_password", "brand new secret"}},
                           three.access_token);
  EXPECT_EQ(wrong.status, 403);
  EXPECT_EQ(me(four.access_token), 200);
  auto weak = client.post("/api/me/password", object{{"current_password", one.password}, {"new_password", "short"}},
                          three.access_token);
  EXPECT_EQ(weak.status, 400);
  auto changed = client.post("/api/me/password",
                             object{{"current_password", one.password}, {"new_password", "brand new secret"}},
                             three.access_token);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(me(three.access_token), 401);
  EXPECT_EQ(me(four.access_token), 401);
  EXPECT_EQ(me(std::string(changed.json().at("access_token").as_string())), 200);
  EXPECT_EQ(client.post("/api/auth/login", object{{"login", one.username}, {"password", one.password}}).status, 401);
  EXPECT_EQ(client.post("/api/auth/login", object{{"login", one.username}, {"password", "brand new secret"}}).status,
            200);
}

// A thief who keeps rotating a stolen refresh token must not outlive "log out everywhere": a
// rotation in flight while the sessions are revoked either lands before (and is revoked) or
// is refused.
TEST_F(Sessions, a_refresh_racing_logout_everywhere_never_survives_it) {
  for (int trial = 0; trial < 8; ++trial) {
    TestUser victim = server.register_user("raced");
    TestUser thief = server.sign_in(victim);
    std::atomic<bool> revoked{false};
    std::string refresh = thief.refresh_token, access = thief.access_token;
    std::thread rotating([&] {
      for (int i = 0; i < 200; ++i) {
        const bool after = revoked.load();
        auto r = client.post("/api/auth/refresh", object{{"refresh_token", refresh}});
        if (r.status != 200) break;
        refresh = std::string(r.json().at("refresh_token").as_string());
        access = std::string(r.json().at("access_token").as_string());
        if (after) break;  // one full rotation after the revocation returned
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(2 + trial));
    ASSERT_EQ(client.post("/api/auth/logout-all", object{}, victim.access_token).status, 204);
    revoked = true;
    rotating.join();
    EXPECT_EQ(me(access), 401) << "trial " << trial;
    EXPECT_EQ(client.post("/api/auth/refresh", object{{"refresh_token", refresh}}).status, 401) << "trial " << trial;
  }
}

TEST_F(Sessions, a_demoted_moderator_loses_the_role_at_once) {
  TestUser owner = server.user_with_role("creator", "owner");
  TestUser moderator = server.user_with_role("moderator", "mod");
  auto video = client.post("/api/videos", object{{"title", "mine"}, {"visibility", "private"}}, owner.access_token);
  ASSERT_EQ(video.status, 201);
  const std::string id(video.json().at("id").as_string());
  ASSERT_EQ(client.get("/api/videos/" + id, moderator.access_token).status, 200);
  ASSERT_EQ(client.patch("/api/videos/" + id, object{{"title", "moderated"}}, moderator.access_token).status, 200);

  ASSERT_EQ(client.patch("/api/admin/users/" + moderator.id, object{{"role", "user"}}, admin.access_token).status, 200);
  EXPECT_EQ(client.get("/api/videos/" + id, moderator.access_token).status, 404);
  EXPECT_EQ(client.patch("/api/videos/" + id, object{{"title", "again"}}, moderator.access_token).status, 404);
  EXPECT_EQ(client.get("/api/videos/" + id + "/playback", moderator.access_token).status, 404);
  EXPECT_EQ(client.get("/api/me", moderator.access_token).json().at("role").as_string(), "user");
  // A promotion applies at once as well, without signing in again.
  ASSERT_EQ(client.patch("/api/admin/users/" + moderator.id, object{{"role", "moderator"}}, admin.access_token).status,
            200);
  EXPECT_EQ(client.get("/api/videos/" + id, moderator.access_token).status, 200);
}

TEST_F(Sessions, a_deleted_accounts_token_stops_working) {
  TestUser creator = server.user_with_role("creator", "leaver");
  auto video = client.post("/api/videos", object{{"title", "gone"}}, creator.access_token);
  ASSERT_EQ(video.status, 201);
  auto deleted = client.request("DELETE", "/api/me", boost::json::serialize(object{{"password", creator.password}}),
                                {{"Authorization", "Bearer " + creator.access_token}, {"Content-Type", "application/json"}});
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  EXPECT_EQ(me(creator.access_token), 401);
  EXPECT_EQ(client.post("/api/videos", object{{"title", "ghost"}}, creator.access_token).status, 401);
  EXPECT_EQ(client.get("/api/videos?channel=" + creator.username, creator.access_token).status, 401);
}

}  // namespace
}  // namespace marquee::testing
