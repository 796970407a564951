// Views, watch history, retention and account deletion over HTTP against the real server:
// what a player, a viewer and a creator see. Time moves by configuration (a two-second
// window, a fast flush and sweep) rather than by a clock the server does not expose.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "blob/BlobStore.h"
#include "db/Database.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;
using namespace std::chrono_literals;

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 10s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

object beacon_body(std::int64_t position_ms, std::int64_t watched_ms, const std::string& session) {
  return {{"position_ms", position_ms}, {"watched_ms", watched_ms}, {"session_id", session}};
}

struct ViewsFixture {
  explicit ViewsFixture(const std::function<void(Config&)>& tweak = {})
      : server([&](Config& c) {
          c.views_flush_interval_ms = 50;
          c.retention_sweep_interval_s = 1;
          if (tweak) tweak(c);
        }) {}

  const TestClient& client() { return server.client(); }

  // A published video of `owner` (the media pipeline is out of scope here: set by hand).
  std::string ready_video(const TestUser& owner, std::int64_t duration_ms, const std::string& visibility = "public") {
    auto r = client().post("/api/videos", object{{"title", "clip"}, {"visibility", visibility}}, owner.access_token);
    if (r.status != 201) throw std::runtime_error("create failed: " + r.body);
    std::string id(r.json().as_object()["id"].as_string());
    server.app().database().execute("UPDATE videos SET status = 'ready', duration_ms = ? WHERE id = ?",
                                    {duration_ms, id});
    return id;
  }

  HttpResult beacon(const std::string& video, std::int64_t position_ms, std::int64_t watched_ms,
                    const std::string& session, const std::string& token = "",
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    return client().request("POST", "/api/videos/" + video + "/views",
                            boost::json::serialize(beacon_body(position_ms, watched_ms, session)), headers);
  }

  bool counted(const HttpResult& r) {
    EXPECT_EQ(r.status, 202) << r.body;
    return r.status == 202 && r.json().as_object().at("counted").as_bool();
  }

  std::int64_t views_count(const std::string& video, const std::string& token = "") {
    auto r = client().get("/api/videos/" + video, token);
    return r.status == 200 ? r.json().as_object()["views_count"].as_int64() : -1;
  }

  // Waits for the flush to bring views_count to `expected`, then checks it stays there.
  void expect_views(const std::string& video, std::int64_t expected) {
    EXPECT_TRUE(eventually([&] { return views_count(video) == expected; })) << "views_count " << views_count(video);
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(views_count(video), expected);
  }

  std::int64_t rows(const std::string& sql, const std::vector<db::Value>& params) {
    return server.app().database().query(sql, params).front().i64("n");
  }

  object progress(const std::string& video, const TestUser& user) {
    auto r = client().get("/api/videos/" + video + "/progress", user.access_token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }

  object history(const TestUser& user, const std::string& query = "") {
    auto r = client().get("/api/me/history" + query, user.access_token);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }

  void put_source_blob(const std::string& video) {
    server.app().blobs().put_bytes(blob::blob_keys::source(video), "source bytes");
  }
  bool has_blobs(const std::string& video) { return !server.app().blobs().list_prefix("videos/" + video).empty(); }

  TestServer server;
};

struct Views : ::testing::Test, ViewsFixture {
  TestUser creator = server.user_with_role("creator", "maker");
  TestUser viewer = server.register_user("viewer");
};

TEST_F(Views, repeated_beacons_within_the_window_count_once_per_viewer) {
  std::string video = ready_video(creator, 60'000);
  EXPECT_FALSE(counted(beacon(video, 1'000, 1'000, "s1", viewer.access_token)));
  EXPECT_TRUE(counted(beacon(video, 6'000, 6'000, "s1", viewer.access_token)));
  EXPECT_FALSE(counted(beacon(video, 16'000, 16'000, "s1", viewer.access_token)));
  EXPECT_FALSE(counted(beacon(video, 0, 9'000, "s2", viewer.access_token)));
  EXPECT_TRUE(counted(beacon(video, 6'000, 6'000, "anon-1")));
  EXPECT_FALSE(counted(beacon(video, 9'000, 9'000, "anon-1")));
  EXPECT_TRUE(counted(beacon(video, 6'000, 6'000, "anon-2")));
  expect_views(video, 3);
}

TEST_F(Views, below_the_minimum_watch_time_nothing_counts) {
  std::string long_video = ready_video(creator, 60'000);
  std::string short_video = ready_video(creator, 10'000);
  EXPECT_FALSE(counted(beacon(long_video, 4'999, 4'999, "s1", viewer.access_token)));
  EXPECT_FALSE(counted(beacon(short_video, 2'999, 2'999, "s1", viewer.access_token)));
  expect_views(long_video, 0);
  expect_views(short_video, 0);
  EXPECT_TRUE(counted(beacon(short_video, 3'000, 3'000, "s1", viewer.access_token)));  // 30 % of 10 s
  expect_views(short_video, 1);
}

TEST(ViewsWindow, a_new_window_counts_again) {
  ViewsFixture f([](Config& c) { c.views_window_s = 2; });
  TestUser creator = f.server.user_with_role("creator", "maker");
  TestUser viewer = f.server.register_user("viewer");
  std::string video = f.ready_video(creator, 60'000);
  EXPECT_TRUE(f.counted(f.beacon(video, 6'000, 6'000, "s1", viewer.access_token)));
  EXPECT_FALSE(f.counted(f.beacon(video, 7'000, 7'000, "s1", viewer.access_token)));
  std::this_thread::sleep_for(2100ms);
  EXPECT_TRUE(f.counted(f.beacon(video, 8'000, 8'000, "s1", viewer.access_token)));
  f.expect_views(video, 2);
}

TEST_F(Views, anonymous_viewers_get_a_cookie_that_keeps_them_one_viewer) {
  std::string video = ready_video(creator, 60'000);
  auto first = beacon(video, 6'000, 6'000, "tab-a");
  EXPECT_TRUE(counted(first));
  auto set_cookie = first.headers.get("Set-Cookie");
  ASSERT_TRUE(set_cookie);
  EXPECT_EQ(set_cookie->find("marquee_viewer=tab-a;"), 0u) << *set_cookie;
  EXPECT_NE(set_cookie->find("HttpOnly"), std::string::npos);

  auto again = beacon(video, 6'000, 6'000, "tab-b", "", {{"Cookie", "marquee_viewer=tab-a"}});
  EXPECT_FALSE(counted(again));
  EXPECT_FALSE(again.headers.get("Set-Cookie"));
  EXPECT_FALSE(beacon(video, 6'000, 6'000, "tab-c", viewer.access_token).headers.get("Set-Cookie"));
  expect_views(video, 2);
}

TEST_F(Views, drafts_do_not_count_and_hidden_videos_are_not_found) {
  auto draft = client().post("/api/videos", object{{"title", "soon"}}, creator.access_token);
  std::string draft_id(draft.json().as_object()["id"].as_string());
  EXPECT_FALSE(counted(beacon(draft_id, 6'000, 6'000, "s1")));
  std::string secret = ready_video(creator, 60'000, "private");
  EXPECT_EQ(beacon(secret, 6'000, 6'000, "s1").status, 404);
  EXPECT_EQ(beacon(secret, 6'000, 6'000, "s1", viewer.access_token).status, 404);
  EXPECT_TRUE(counted(beacon(secret, 6'000, 6'000, "s1", creator.access_token)));
  EXPECT_EQ(beacon("nosuchvideo0", 6'000, 6'000, "s1").status, 404);
  auto malformed = client().request("POST", "/api/videos/" + secret + "/views", R"({"position_ms":"x"})",
                                    {{"Content-Type", "application/json"}});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(client().get("/api/videos/" + secret + "/progress", viewer.access_token).status, 404);
}

TEST(ViewsRestart, totals_are_exact_after_a_graceful_restart_and_dedup_survives_it) {
  ViewsFixture f([](Config& c) { c.views_flush_interval_ms = 600'000; });  // only the shutdown flush
  TestUser creator = f.server.user_with_role("creator", "maker");
  TestUser viewer = f.server.register_user("viewer");
  std::string video = f.ready_video(creator, 60'000);
  EXPECT_TRUE(f.counted(f.beacon(video, 6'000, 6'000, "s1", viewer.access_token)));
  EXPECT_TRUE(f.counted(f.beacon(video, 6'000, 6'000, "anon")));
  EXPECT_EQ(f.views_count(video), 0);

  f.server.restart();
  EXPECT_EQ(f.views_count(video), 2);
  EXPECT_FALSE(f.counted(f.beacon(video, 9'000, 9'000, "s1", viewer.access_token)));
  EXPECT_FALSE(f.counted(f.beacon(video, 9'000, 9'000, "anon")));
  EXPECT_EQ(f.progress(video, viewer)["watched_ms"].as_int64(), 9'000);
  f.server.restart();
  EXPECT_EQ(f.views_count(video), 2);
  EXPECT_EQ(f.rows("SELECT watched_ms AS n FROM video_stats WHERE video_id = ?", {video}), 18'000);
}

TEST_F(Views, history_records_progress_completion_and_rewatches) {
  std::string video = ready_video(creator, 60'000);
  beacon(video, 30'000, 30'000, "s1", viewer.access_token);
  auto p = progress(video, viewer);
  EXPECT_EQ(p["position_ms"].as_int64(), 30'000);
  EXPECT_DOUBLE_EQ(p["completion_ratio"].as_double(), 0.5);
  EXPECT_EQ(p["rewatch_count"].as_int64(), 0);

  beacon(video, 59'000, 59'000, "s1", viewer.access_token);
  beacon(video, 1'000, 1'000, "s2", viewer.access_token);
  EXPECT_TRUE(eventually([&] {
    return rows("SELECT COALESCE(MAX(rewatch_count), 0) AS n FROM watch_history WHERE video_id = ?", {video}) == 1;
  }));
  p = progress(video, viewer);
  EXPECT_EQ(p["position_ms"].as_int64(), 1'000);
  EXPECT_NEAR(p["completion_ratio"].as_double(), 59.0 / 60.0, 1e-9);
  EXPECT_EQ(p["watched_ms"].as_int64(), 60'000);
  EXPECT_EQ(p["rewatch_count"].as_int64(), 1);
  EXPECT_FALSE(p["last_watched_at"].is_null());

  std::string older = ready_video(creator, 60'000);
  beacon(older, 2'000, 2'000, "s3", viewer.access_token);
  std::this_thread::sleep_for(20ms);
  beacon(video, 2'000, 2'000, "s2", viewer.access_token);
  EXPECT_TRUE(eventually([&] {
    auto items = history(viewer)["items"].as_array();
    return items.size() == 2 && items[0].as_object().at("video").as_object().at("id").as_string() == video;
  }));
  auto page = history(viewer, "?limit=1");
  const auto& items = page["items"].as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].as_object().at("video").as_object().at("id").as_string(), video);
  EXPECT_EQ(items[0].as_object().at("progress").as_object().at("rewatch_count").as_int64(), 1);
  ASSERT_TRUE(page["next_cursor"].is_string());
  auto rest = history(viewer, "?limit=1&cursor=" + std::string(page["next_cursor"].as_string()));
  ASSERT_EQ(rest["items"].as_array().size(), 1u);
  EXPECT_EQ(rest["items"].as_array()[0].as_object().at("video").as_object().at("id").as_string(), older);
  EXPECT_TRUE(rest["next_cursor"].is_null());
  EXPECT_EQ(client().get("/api/me/history?limit=0", viewer.access_token).status, 400);
  EXPECT_TRUE(history(creator)["items"].as_array().empty());
}

TEST_F(Views, paused_history_records_nothing_while_views_still_count) {
  std::string video = ready_video(creator, 60'000);
  auto paused = client().put("/api/me/history/settings", object{{"paused", true}}, viewer.access_token);
  ASSERT_EQ(paused.status, 200) << paused.body;
  EXPECT_TRUE(paused.json().as_object()["paused"].as_bool());
  EXPECT_TRUE(client().get("/api/me/history/settings", viewer.access_token).json().as_object()["paused"].as_bool());
  EXPECT_TRUE(counted(beacon(video, 6'000, 6'000, "s1", viewer.access_token)));
  expect_views(video, 1);
  EXPECT_TRUE(history(viewer)["items"].as_array().empty());
  EXPECT_TRUE(progress(video, viewer)["last_watched_at"].is_null());

  client().put("/api/me/history/settings", object{{"paused", false}}, viewer.access_token);
  beacon(video, 7'000, 7'000, "s1", viewer.access_token);
  EXPECT_TRUE(eventually([&] { return history(viewer)["items"].as_array().size() == 1; }));
  EXPECT_EQ(client().put("/api/me/history/settings", object{}, viewer.access_token).status, 400);
}

TEST_F(Views, history_is_deleted_one_video_or_all) {
  std::string first = ready_video(creator, 60'000);
  std::string second = ready_video(creator, 60'000);
  beacon(first, 6'000, 6'000, "s1", viewer.access_token);
  beacon(second, 6'000, 6'000, "s1", viewer.access_token);
  ASSERT_TRUE(eventually([&] { return history(viewer)["items"].as_array().size() == 2; }));

  EXPECT_EQ(client().del("/api/me/history/" + first, viewer.access_token).status, 204);
  auto items = history(viewer)["items"].as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].as_object().at("video").as_object().at("id").as_string(), second);

  EXPECT_EQ(client().del("/api/me/history", viewer.access_token).status, 204);
  EXPECT_TRUE(history(viewer)["items"].as_array().empty());
  std::this_thread::sleep_for(200ms);  // a few flushes: nothing comes back
  EXPECT_TRUE(history(viewer)["items"].as_array().empty());
  EXPECT_EQ(rows("SELECT COUNT(*) AS n FROM watch_history WHERE user_id = ?", {viewer.id}), 0);
  expect_views(first, 1);
}

TEST_F(Views, retention_deletes_an_expired_video_with_its_files_and_rows) {
  std::string video = ready_video(creator, 60'000);
  std::string kept = ready_video(creator, 60'000);
  put_source_blob(video);
  ASSERT_TRUE(has_blobs(video));
  beacon(video, 6'000, 6'000, "s1", viewer.access_token);
  ASSERT_TRUE(eventually([&] { return history(viewer)["items"].as_array().size() == 1; }));

  EXPECT_EQ(client().patch("/api/videos/" + video + "/retention", object{{"days", 1}}, viewer.access_token).status, 403);
  auto set = client().patch("/api/videos/" + video + "/retention", object{{"days", 1}}, creator.access_token);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().as_object()["days"].as_int64(), 1);
  EXPECT_FALSE(set.json().as_object()["expires_at"].is_null());
  EXPECT_EQ(client().patch("/api/videos/" + video + "/retention", object{}, creator.access_token).status, 400);
  EXPECT_EQ(client().patch("/api/videos/" + kept + "/retention", object{{"days", -1}}, creator.access_token).status, 400);
  auto forever = client().get("/api/videos/" + kept + "/retention", creator.access_token).json().as_object();
  EXPECT_TRUE(forever["days"].is_null());
  EXPECT_TRUE(forever["expires_at"].is_null());

  // A day passes for this video.
  server.app().database().execute("UPDATE videos SET expires_at = ? WHERE id = ?", {std::int64_t{1}, video});
  EXPECT_TRUE(eventually([&] { return client().get("/api/videos/" + video, creator.access_token).status == 404; }));
  EXPECT_TRUE(eventually([&] { return !has_blobs(video); }));
  for (const char* table : {"watch_history", "video_viewers", "video_stats"}) {
    EXPECT_EQ(rows(std::string("SELECT COUNT(*) AS n FROM ") + table + " WHERE video_id = ?", {video}), 0) << table;
  }
  EXPECT_TRUE(history(viewer)["items"].as_array().empty());
  EXPECT_EQ(client().get("/api/videos/" + kept).status, 200);
}

TEST_F(Views, deleting_an_account_removes_its_videos_history_and_sessions) {
  TestUser doomed = server.user_with_role("creator", "doomed");
  std::string own = ready_video(doomed, 60'000);
  put_source_blob(own);
  std::string watched = ready_video(creator, 60'000);
  EXPECT_TRUE(counted(beacon(watched, 6'000, 6'000, "s1", doomed.access_token)));
  ASSERT_TRUE(eventually([&] { return history(doomed)["items"].as_array().size() == 1; }));

  auto call = [&](const std::string& body) {
    return client().request("DELETE", "/api/me", body,
                            {{"Authorization", "Bearer " + doomed.access_token}, {"Content-Type", "application/json"}});
  };
  EXPECT_EQ(call(R"({"password":"wrong password"})").status, 403);
  EXPECT_EQ(call("{}").status, 400);
  EXPECT_EQ(client().request("DELETE", "/api/me", R"({"password":"correct horse battery"})").status, 401);
  ASSERT_EQ(call(R"({"password":")" + doomed.password + R"("})").status, 204);

  EXPECT_EQ(client().get("/api/videos/" + own, creator.access_token).status, 404);
  EXPECT_FALSE(has_blobs(own));
  EXPECT_EQ(rows("SELECT COUNT(*) AS n FROM watch_history WHERE user_id = ?", {doomed.id}), 0);
  EXPECT_EQ(rows("SELECT COUNT(*) AS n FROM video_viewers WHERE user_id = ?", {doomed.id}), 0);
  EXPECT_EQ(rows("SELECT COUNT(*) AS n FROM refresh_tokens WHERE user_id = ?", {doomed.id}), 0);
  EXPECT_EQ(client().post("/api/auth/refresh", object{{"refresh_token", doomed.refresh_token}}).status, 401);
  EXPECT_EQ(client().post("/api/auth/login", object{{"login", doomed.username}, {"password", doomed.password}}).status,
            401);
  // The access token is still well-signed until it expires; what needs the account refuses it.
  EXPECT_EQ(client().get("/api/me", doomed.access_token).status, 401);
  EXPECT_EQ(client().post("/api/videos", object{{"title", "ghost"}}, doomed.access_token).status, 401);
  EXPECT_EQ(client().put("/api/me/history/settings", object{{"paused", true}}, doomed.access_token).status, 401);
  EXPECT_EQ(views_count(watched), 1);
}

}  // namespace
}  // namespace marquee::testing
