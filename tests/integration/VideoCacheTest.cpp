// With the video cache on (and a long ttl, so only invalidation can explain fresh
// answers), what a client reads right after a change is the change.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

struct VideoCache : ::testing::Test {
  TestServer server{[](Config& c) { c.video_cache_ttl_ms = 60'000; }};
  const TestClient& client = server.client();
  TestUser owner = server.register_user("owner");
  TestUser fan = server.register_user("fan");

  std::string create(const std::string& visibility) {
    auto r = client.post("/api/videos", object{{"title", "cached"}, {"visibility", visibility}}, owner.access_token);
    return std::string(r.json().as_object()["id"].as_string());
  }
  object get(const std::string& id, const std::string& token = "") {
    return client.get("/api/videos/" + id, token).json().as_object();
  }
};

TEST_F(VideoCache, edits_likes_and_comments_show_at_once) {
  std::string id = create("public");
  EXPECT_EQ(get(id)["title"].as_string(), "cached");  // now cached
  ASSERT_EQ(client.patch("/api/videos/" + id, object{{"title", "renamed"}}, owner.access_token).status, 200);
  EXPECT_EQ(get(id)["title"].as_string(), "renamed");
  ASSERT_EQ(client.post("/api/videos/" + id + "/like", object{}, fan.access_token).status, 200);
  EXPECT_EQ(get(id)["likes_count"].as_int64(), 1);
  ASSERT_EQ(client.post("/api/videos/" + id + "/comments", object{{"text", "first!"}}, fan.access_token).status, 201);
  EXPECT_EQ(get(id)["comments_count"].as_int64(), 1);
}

TEST_F(VideoCache, a_cached_private_video_stays_hidden_from_strangers) {
  std::string id = create("private");
  EXPECT_EQ(client.get("/api/videos/" + id, owner.access_token).status, 200);  // cached by the owner's read
  EXPECT_EQ(client.get("/api/videos/" + id).status, 404);
  EXPECT_EQ(client.get("/api/videos/" + id, fan.access_token).status, 404);
  EXPECT_EQ(client.get("/api/videos/" + id, "forged.token.here").status, 401);
}

TEST_F(VideoCache, visibility_changes_and_deletes_apply_at_once) {
  std::string id = create("public");
  EXPECT_EQ(client.get("/api/videos/" + id).status, 200);
  ASSERT_EQ(client.patch("/api/videos/" + id, object{{"visibility", "private"}}, owner.access_token).status, 200);
  EXPECT_EQ(client.get("/api/videos/" + id).status, 404);
  ASSERT_EQ(client.del("/api/videos/" + id, owner.access_token).status, 204);
  EXPECT_EQ(client.get("/api/videos/" + id, owner.access_token).status, 404);
}

}  // namespace
}  // namespace marquee::testing
