// The age gate on every surface of one adult video: its watch page, playback, media files,
// the channel's list and a playlist holding it (feeds, search and similar videos are checked in
// their own suites). A signed-in viewer passes by attesting, a signed-out one by a confirmation
// cookie; an operator can require a minimum age from a stated birth date, or turn adult content
// off for everyone.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>

#include "db/Database.h"
#include "support/ListPages.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

constexpr const char* kGateCookie = "marquee_age_ok=1";

struct AgeGate : ::testing::Test {
  TestServer server;
  const TestClient& client = server.client();
  TestUser creator = server.user_with_role("creator", "studio");
  TestUser viewer = server.register_user("viewer");
  TestUser admin = server.user_with_role("admin", "boss");
  std::string adult;

  void SetUp() override {
    auto r = client.post("/api/videos", object{{"title", "Late night special"}, {"is_adult", true}}, creator.access_token);
    ASSERT_EQ(r.status, 201) << r.body;
    adult = std::string(r.json().at("id").as_string());
    server.app().database().execute("UPDATE videos SET status = 'ready', has_poster = TRUE WHERE id = ?", {adult});
  }

  HttpResult as_browser(const std::string& target, const std::string& cookie) {
    return client.request("GET", target, "", {{"Cookie", cookie}});
  }
  bool lists(const std::string& target, const std::string& token = "", const std::string& cookie = "") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    if (!cookie.empty()) headers.push_back({"Cookie", cookie});
    auto r = client.request("GET", target, "", headers);
    EXPECT_EQ(r.status, 200) << target << ": " << r.body;
    const auto page = r.json();
    for (const auto& item : page.at("items").as_array()) {
      // A playlist's items hold their video; other lists are of videos.
      const auto& video = item.as_object().contains("video") ? item.at("video") : item;
      if (video.at("id").as_string() == adult) return true;
    }
    return false;
  }
  void set(object settings) {
    ASSERT_EQ(client.patch("/api/admin/settings", settings, admin.access_token).status, 200);
  }
};

TEST_F(AgeGate, a_signed_out_visitor_passes_with_the_confirmation_cookie) {
  const std::string watch = "/api/videos/" + adult;
  auto refused = client.get(watch);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.error_code(), "age_restricted");
  EXPECT_EQ(refused.body.find("Late night"), std::string::npos) << "no title leaks";
  EXPECT_EQ(refused.body.find("poster"), std::string::npos) << "no poster leaks";
  EXPECT_EQ(client.get(watch + "/playback").error_code(), "age_restricted");
  EXPECT_EQ(client.get("/media/videos/" + adult + "/thumbs/poster.jpg").status, 403);
  EXPECT_FALSE(lists("/api/videos?channel=" + creator.username + "&adult=true"));

  auto gate = client.get("/api/age-gate");
  EXPECT_FALSE(gate.json().at("passed").as_bool());
  EXPECT_EQ(client.post("/api/age-gate", object{{"confirm", false}}).status, 400);
  auto confirmed = client.post("/api/age-gate", object{{"confirm", true}});
  ASSERT_EQ(confirmed.status, 200);
  EXPECT_TRUE(confirmed.json().at("passed").as_bool());
  const auto set_cookie = confirmed.headers.get("Set-Cookie");
  ASSERT_TRUE(set_cookie);
  EXPECT_NE(set_cookie->find(kGateCookie), std::string::npos);
  EXPECT_NE(set_cookie->find("HttpOnly"), std::string::npos);

  EXPECT_EQ(as_browser(watch, kGateCookie).status, 200);
  EXPECT_EQ(as_browser(watch + "/playback", kGateCookie).status, 200);
  // No file was transcoded here: past the gate the answer is "no such file", not "forbidden".
  EXPECT_EQ(as_browser("/media/videos/" + adult + "/thumbs/poster.jpg", kGateCookie).status, 404);
  EXPECT_TRUE(lists("/api/videos?channel=" + creator.username + "&adult=true", "", kGateCookie));
  EXPECT_FALSE(lists("/api/videos?channel=" + creator.username, "", kGateCookie)) << "lists still ask ?adult=true";
  EXPECT_TRUE(as_browser("/api/age-gate", kGateCookie).json().at("passed").as_bool());
}

TEST_F(AgeGate, a_signed_in_viewer_passes_by_attesting_and_the_owner_always_sees_their_own) {
  const std::string watch = "/api/videos/" + adult;
  EXPECT_EQ(client.get(watch, viewer.access_token).error_code(), "age_restricted");
  EXPECT_EQ(client.get(watch, creator.access_token).status, 200) << "the owner";
  EXPECT_TRUE(lists("/api/videos?channel=" + creator.username, creator.access_token)) << "the owner's own channel";

  // A playlist of the viewer's holding it shows it only past the gate.
  auto playlist = client.post("/api/playlists", object{{"title", "later"}, {"visibility", "public"}}, viewer.access_token);
  ASSERT_EQ(playlist.status, 201);
  const std::string items = "/api/playlists/" + std::string(playlist.json().at("id").as_string()) + "/items";
  ASSERT_EQ(client.post(items, object{{"video_id", adult}}, viewer.access_token).status, 201);
  EXPECT_FALSE(lists(items, viewer.access_token));
  EXPECT_FALSE(lists(items));

  auto attested = client.post("/api/age-gate", object{{"confirm", true}}, viewer.access_token);
  ASSERT_EQ(attested.status, 200) << attested.body;
  EXPECT_TRUE(attested.json().at("attested").as_bool());
  EXPECT_TRUE(get_ok(client, "/api/me", viewer.access_token).at("adult_attested").as_bool());
  EXPECT_EQ(client.get(watch, viewer.access_token).status, 200);
  auto ticket = client.get(watch + "/playback", viewer.access_token);
  ASSERT_EQ(ticket.status, 200);
  EXPECT_NE(ticket.body.find("sig="), std::string::npos) << "an adult video plays from signed URLs";
  EXPECT_TRUE(lists(items, viewer.access_token));
  EXPECT_TRUE(lists("/api/videos?channel=" + creator.username + "&adult=true", viewer.access_token));

  ASSERT_EQ(client.del("/api/age-gate", viewer.access_token).status, 204);
  EXPECT_EQ(client.get(watch, viewer.access_token).error_code(), "age_restricted") << "withdrawn";
}

TEST_F(AgeGate, a_minimum_age_needs_a_stated_birth_date_that_meets_it) {
  set(object{{"moderation.minimum_age", 21}});
  const std::string watch = "/api/videos/" + adult;
  ASSERT_EQ(client.patch("/api/me", object{{"adult_attested", true}}, viewer.access_token).status, 200);
  EXPECT_EQ(client.get(watch, viewer.access_token).error_code(), "age_restricted") << "no birth date";
  const std::string twenty = to_rfc3339(wall_clock_ms() - 20LL * 366 * 24 * 3600 * 1000).substr(0, 10);
  const std::string thirty = to_rfc3339(wall_clock_ms() - 30LL * 366 * 24 * 3600 * 1000).substr(0, 10);
  ASSERT_EQ(client.patch("/api/me", object{{"birth_date", twenty}}, viewer.access_token).status, 200);
  EXPECT_EQ(client.get(watch, viewer.access_token).error_code(), "age_restricted") << "20 is under 21";
  ASSERT_EQ(client.patch("/api/me", object{{"birth_date", thirty}}, viewer.access_token).status, 200);
  EXPECT_EQ(client.get(watch, viewer.access_token).status, 200);
  const std::string seventeen = to_rfc3339(wall_clock_ms() - 17LL * 366 * 24 * 3600 * 1000).substr(0, 10);
  ASSERT_EQ(client.patch("/api/me", object{{"birth_date", seventeen}}, viewer.access_token).status, 200);
  set(object{{"moderation.minimum_age", 0}});
  EXPECT_EQ(client.get(watch, viewer.access_token).error_code(), "age_restricted")
      << "a stated birth date under 18 outweighs the attestation";
  set(object{{"moderation.minimum_age", 21}});
  EXPECT_EQ(as_browser(watch, kGateCookie).error_code(), "age_restricted") << "a cookie states no age";
  EXPECT_EQ(as_browser("/media/videos/" + adult + "/thumbs/poster.jpg", kGateCookie).status, 403)
      << "nor does it open the media";
  EXPECT_EQ(client.post("/api/age-gate", object{{"confirm", true}}).json().at("passed").as_bool(), false);
  // Birth dates are dates in the past.
  for (const char* bad : {"2999-01-01", "1990-02-30", "yesterday", "1990-1-1"}) {
    EXPECT_EQ(client.patch("/api/me", object{{"birth_date", bad}}, viewer.access_token).status, 400) << bad;
  }
}

TEST_F(AgeGate, with_adult_content_off_nobody_sees_adult_videos) {
  ASSERT_EQ(client.patch("/api/me", object{{"adult_attested", true}}, viewer.access_token).status, 200);
  const std::string watch = "/api/videos/" + adult;
  ASSERT_EQ(client.get(watch, viewer.access_token).status, 200);
  set(object{{"moderation.adult_content", false}});
  EXPECT_EQ(client.get(watch, viewer.access_token).error_code(), "age_restricted");
  EXPECT_EQ(as_browser(watch, kGateCookie).error_code(), "age_restricted");
  EXPECT_EQ(as_browser("/media/videos/" + adult + "/thumbs/poster.jpg", kGateCookie).status, 404);
  EXPECT_FALSE(lists("/api/videos?channel=" + creator.username + "&adult=true", viewer.access_token));
  EXPECT_FALSE(client.get("/api/age-gate", viewer.access_token).json().at("adult_content").as_bool());
}

}  // namespace
}  // namespace marquee::testing
