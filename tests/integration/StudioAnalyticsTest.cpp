// The studio's per-video analytics as a creator reads them (docs/studio.md#analytics): the
// player's beacons with their sources and positions, likes and comments over two days (the
// server's clock moved, never slept), then the exact views, watch time, average view
// duration, sources and audience-retention shares per day; who may read them; and hostile
// query parameters.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <array>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"
#include "support/Eventually.h"
#include "support/TestDatabase.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

constexpr Millis kHourMs = 3600 * 1000;
constexpr Millis kMarch1 = 1'772'323'200'000;  // 2026-03-01T00:00:00Z
constexpr std::int64_t kDuration = 100'000;     // retention point i sits at i seconds

class StudioAnalytics : public ::testing::Test {
 protected:
  ManualClock clock{kMarch1 + 10 * kHourMs};  // outlives the server
  TestServer server{[](Config& c) {
                      c.views_flush_interval_ms = 50;
                      c.access_token_ttl_s = 30 * 24 * 3600;  // the clock moves by days
                    },
                    &clock};
  TestUser owner = server.user_with_role("creator", "maker");
  TestUser alice = server.register_user("alice");
  TestUser fred = server.register_user("fred");

  const TestClient& client() { return server.client(); }

  std::string ready_video(const TestUser& who, const std::string& visibility = "public") {
    auto r = client().post("/api/videos", object{{"title", "clip"}, {"visibility", visibility}}, who.access_token);
    EXPECT_EQ(r.status, 201) << r.body;
    std::string id(r.json().as_object()["id"].as_string());
    server.app().database().execute("UPDATE videos SET status = 'ready', duration_ms = ? WHERE id = ?",
                                    {kDuration, id});
    return id;
  }

  // A beacon; `source` is sent as given (a string, another JSON type, or absent when null).
  bool beacon(const std::string& video, std::int64_t position_ms, std::int64_t watched_ms, const std::string& session,
              const boost::json::value& source = nullptr, const std::string& token = "") {
    object body{{"position_ms", position_ms}, {"watched_ms", watched_ms}, {"session_id", session}};
    if (!source.is_null()) body["source"] = source;
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "application/json"}};
    if (!token.empty()) headers.push_back({"Authorization", "Bearer " + token});
    auto r = client().request("POST", "/api/videos/" + video + "/views", boost::json::serialize(body), headers);
    EXPECT_EQ(r.status, 202) << r.body;
    return r.status == 202 && r.json().as_object().at("counted").as_bool();
  }

  HttpResult analytics(const std::string& video, const std::string& query = "", const std::string& token = "") {
    return client().get("/api/studio/videos/" + video + "/analytics" + query,
                        token.empty() ? owner.access_token : token);
  }

  object report(const std::string& video, const std::string& query = "") {
    auto r = analytics(video, query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().as_object() : object{};
  }

  // Waits until the flushes wrote every beacon: `sessions` reached point 0 and `views` counted.
  object flushed_report(const std::string& video, const std::string& query, std::int64_t sessions,
                        std::int64_t views) {
    object last;
    EXPECT_TRUE(eventually([&] {
      last = report(video, query);
      return !last.empty() && last["retention"].as_object()["sessions"].as_int64() == sessions &&
             last["totals"].as_object()["views"].as_int64() == views;
    })) << boost::json::serialize(last);
    return last;
  }

  std::string comment(const std::string& video, const TestUser& who, const std::string& parent = "") {
    object body{{"text", "nice"}};
    if (!parent.empty()) body["parent_id"] = parent;
    auto r = client().post("/api/videos/" + video + "/comments", body, who.access_token);
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(r.json().as_object()["id"].as_string());
  }

  void like(const std::string& video, const TestUser& who) {
    auto r = client().post("/api/videos/" + video + "/like", object{}, who.access_token);
    EXPECT_EQ(r.status, 200) << r.body;
  }
};

std::int64_t num(const object& o, const char* key) { return o.at(key).as_int64(); }

// One day's (or the totals') figures, and the eight source counts in their order.
void expect_figures(const object& f, std::int64_t views, std::int64_t watch_ms, std::int64_t average_ms,
                    std::int64_t likes_added, std::int64_t likes_removed, std::int64_t comments_added,
                    std::int64_t comments_removed, const std::array<std::int64_t, 8>& sources) {
  EXPECT_EQ(num(f, "views"), views);
  EXPECT_EQ(num(f, "watch_time_ms"), watch_ms);
  EXPECT_EQ(num(f, "average_view_duration_ms"), average_ms);
  EXPECT_EQ(num(f, "likes_added"), likes_added);
  EXPECT_EQ(num(f, "likes_removed"), likes_removed);
  EXPECT_EQ(num(f, "likes"), likes_added - likes_removed);
  EXPECT_EQ(num(f, "comments_added"), comments_added);
  EXPECT_EQ(num(f, "comments_removed"), comments_removed);
  EXPECT_EQ(num(f, "comments"), comments_added - comments_removed);
  const auto& s = f.at("sources").as_object();
  EXPECT_EQ(s.size(), 8u);
  const char* names[] = {"home", "search", "similar", "subscriptions", "channel", "playlist", "reels", "external"};
  for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(num(s, names[i]), sources[i]) << names[i];
}

TEST_F(StudioAnalytics, per_day_views_watch_time_sources_likes_comments_and_the_retention_curve_are_exact) {
  const std::string video = ready_video(owner);

  // 2026-03-01. A view counts after 5 s of watching; the session's first source is its source.
  EXPECT_FALSE(beacon(video, 0, 0, "a1", "home", alice.access_token));
  EXPECT_TRUE(beacon(video, 20'000, 20'000, "a1", "home", alice.access_token));
  EXPECT_FALSE(beacon(video, 50'000, 50'000, "a1", "search", alice.access_token));  // the session keeps home
  EXPECT_TRUE(beacon(video, 10'000, 10'000, "b1", "search"));
  EXPECT_FALSE(beacon(video, 100'000, 100'000, "b1", "search"));
  EXPECT_TRUE(beacon(video, 6'000, 6'000, "c1", "bogus"));  // unknown: external
  EXPECT_TRUE(beacon(video, 8'000, 8'000, "d1"));           // none: external
  EXPECT_FALSE(beacon(video, 3'000, 3'000, "h1", "home"));  // never counts: its source counts nowhere
  like(video, alice);
  like(video, fred);
  const std::string thread = comment(video, alice);
  comment(video, owner, thread);  // a reply
  comment(video, fred);

  // 2026-03-02.
  clock.advance(24 * kHourMs);
  EXPECT_FALSE(beacon(video, 0, 0, "a2", "subscriptions", alice.access_token));
  EXPECT_TRUE(beacon(video, 25'000, 30'000, "a2", "subscriptions", alice.access_token));  // a new window
  EXPECT_TRUE(beacon(video, 40'000, 40'000, "e1", "similar"));
  EXPECT_TRUE(beacon(video, 7'000, 7'000, "g1", 42));  // not a string: external
  like(video, fred);  // toggled off
  ASSERT_EQ(client().put("/api/videos/" + video + "/rating", object{{"rating", "dislike"}}, alice.access_token).status,
            200);
  ASSERT_EQ(client().del("/api/comments/" + thread, owner.access_token).status, 204);  // with its reply
  comment(video, fred);

  object r = flushed_report(video, "?from=2026-03-01&to=2026-03-02", 8, 7);
  EXPECT_EQ(r["video_id"].as_string(), video);
  EXPECT_EQ(r["from"].as_string(), "2026-03-01");
  EXPECT_EQ(r["to"].as_string(), "2026-03-02");
  EXPECT_EQ(num(r, "duration_ms"), kDuration);
  const auto& days = r["days"].as_array();
  ASSERT_EQ(days.size(), 2u);
  const object& first = days[0].as_object();
  const object& second = days[1].as_object();
  EXPECT_EQ(first.at("date").as_string(), "2026-03-01");
  EXPECT_EQ(second.at("date").as_string(), "2026-03-02");
  //                   views  watch    average  likes +/-  comments +/-   home search similar subs chan pl reels ext
  expect_figures(first, 4, 167'000, 41'750, 2, 0, 3, 0, {1, 1, 0, 0, 0, 0, 0, 2});
  expect_figures(second, 3, 77'000, 25'666, 0, 2, 1, 2, {0, 0, 1, 1, 0, 0, 0, 1});
  expect_figures(r["totals"].as_object(), 7, 244'000, 34'857, 2, 2, 4, 2, {1, 1, 1, 1, 0, 0, 0, 3});

  // Furthest points of the eight sessions: 50, 99, 6, 8, 3 (day one), 25, 40, 7 (day two).
  const auto& retention = r["retention"].as_object();
  EXPECT_EQ(num(retention, "sessions"), 8);
  const auto& points = retention.at("points").as_array();
  ASSERT_EQ(points.size(), 100u);
  const std::map<int, std::pair<std::int64_t, double>> expected = {
      {0, {8, 1.0}},   {3, {8, 1.0}},   {4, {7, 0.875}},  {6, {7, 0.875}},  {7, {6, 0.75}},   {8, {5, 0.625}},
      {9, {4, 0.5}},   {25, {4, 0.5}},  {26, {3, 0.375}}, {40, {3, 0.375}}, {41, {2, 0.25}},  {50, {2, 0.25}},
      {51, {1, 0.125}}, {99, {1, 0.125}}};
  for (const auto& [point, counts] : expected) {
    const object& p = points[static_cast<std::size_t>(point)].as_object();
    EXPECT_EQ(num(p, "point"), point);
    EXPECT_EQ(num(p, "position_ms"), point * 1'000);
    EXPECT_EQ(num(p, "sessions"), counts.first) << "point " << point;
    EXPECT_DOUBLE_EQ(p.at("share").to_number<double>(), counts.second) << "point " << point;
  }
  for (std::size_t i = 1; i < points.size(); ++i) {  // a curve never rises
    EXPECT_LE(num(points[i].as_object(), "sessions"), num(points[i - 1].as_object(), "sessions"));
  }

  // Nothing more was counted than what was sent: the flushes after this one add nothing.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const auto stable = report(video, "?from=2026-03-01&to=2026-03-02");
  EXPECT_EQ(stable.at("totals"), r["totals"]);
  EXPECT_EQ(stable.at("retention"), r["retention"]);

  // The default range: the 28 days up to today (the server's clock), oldest first.
  object fallback = report(video);
  EXPECT_EQ(fallback["from"].as_string(), "2026-02-03");
  EXPECT_EQ(fallback["to"].as_string(), "2026-03-02");
  const auto& all_days = fallback["days"].as_array();
  ASSERT_EQ(all_days.size(), 28u);
  EXPECT_EQ(all_days[0].as_object().at("date").as_string(), "2026-02-03");
  EXPECT_EQ(num(all_days[0].as_object(), "views"), 0);
  EXPECT_EQ(num(all_days[26].as_object(), "views"), 4);
  EXPECT_EQ(num(all_days[27].as_object(), "views"), 3);
  EXPECT_EQ(fallback.at("totals"), r["totals"]);

  // A range without activity reads zeros; the retention curve is the video's whole life.
  object quiet = report(video, "?from=2026-02-01&to=2026-02-28");
  EXPECT_EQ(quiet["days"].as_array().size(), 28u);
  expect_figures(quiet["totals"].as_object(), 0, 0, 0, 0, 0, 0, 0, {0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(quiet.at("retention"), r["retention"]);
}

TEST_F(StudioAnalytics, a_session_keeps_its_source_and_retention_across_a_restart) {
  const std::string video = ready_video(owner);
  EXPECT_FALSE(beacon(video, 2'000, 2'000, "p1", "playlist"));  // not counted yet
  server.restart();  // the graceful stop writes what was buffered
  EXPECT_TRUE(beacon(video, 30'000, 6'000, "p1"));  // no source now: the session's stays
  object r = flushed_report(video, "?from=2026-03-01&to=2026-03-01", 1, 1);
  const object& totals = r["totals"].as_object();
  expect_figures(totals, 1, 6'000, 6'000, 0, 0, 0, 0, {0, 0, 0, 0, 0, 1, 0, 0});
  const auto& points = r["retention"].as_object()["points"].as_array();
  EXPECT_EQ(num(points[2].as_object(), "sessions"), 1);   // reached before the restart
  EXPECT_EQ(num(points[30].as_object(), "sessions"), 1);  // and after it, once
  EXPECT_EQ(num(points[31].as_object(), "sessions"), 0);
}

TEST_F(StudioAnalytics, a_video_nobody_watched_reads_zeros_everywhere) {
  const std::string video = ready_video(owner);
  object r = report(video, "?from=2026-03-01&to=2026-03-01");
  ASSERT_EQ(r["days"].as_array().size(), 1u);
  expect_figures(r["days"].as_array()[0].as_object(), 0, 0, 0, 0, 0, 0, 0, {0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(num(r["retention"].as_object(), "sessions"), 0);
  for (const auto& point : r["retention"].as_object()["points"].as_array()) {
    EXPECT_EQ(point.as_object().at("share").to_number<double>(), 0.0);
  }
}

TEST_F(StudioAnalytics, only_the_owner_and_admins_read_them_and_others_are_told_nothing_exists) {
  const std::string video = ready_video(owner);
  const std::string secret = ready_video(owner, "private");
  TestUser moderator = server.user_with_role("moderator", "mod");
  TestUser admin = server.user_with_role("admin", "admin");
  for (const auto& id : {video, secret}) {
    EXPECT_EQ(analytics(id).status, 200);
    EXPECT_EQ(analytics(id, "", admin.access_token).status, 200);
    for (const TestUser* other : {&alice, &moderator}) {
      auto r = analytics(id, "", other->access_token);
      EXPECT_EQ(r.status, 404) << r.body;
      EXPECT_EQ(r.error_code(), "not_found");
    }
    auto anonymous = client().get("/api/studio/videos/" + id + "/analytics");
    EXPECT_EQ(anonymous.status, 401);
  }
  // Someone else's video: 404 even with a bad range, so a stranger learns nothing from the 400.
  EXPECT_EQ(analytics(video, "?from=nonsense", alice.access_token).status, 404);
  for (const std::string& id : std::vector<std::string>{"doesnotexist0", std::string(300, 'a')}) {
    EXPECT_EQ(analytics(id).status, 404) << id;
  }
  ASSERT_EQ(client().del("/api/videos/" + video, owner.access_token).status, 204);
  EXPECT_EQ(analytics(video).status, 404);
}

TEST_F(StudioAnalytics, hostile_query_parameters_are_400_naming_the_parameter) {
  const std::string video = ready_video(owner);
  auto field = [&](const std::string& query) {
    auto r = analytics(video, query);
    EXPECT_EQ(r.status, 400) << query << " " << r.body;
    EXPECT_EQ(r.error_code(), "validation_failed") << query;
    if (r.status != 400) return std::string();
    const boost::json::value body = r.json();
    const auto& error = body.as_object().at("error").as_object();
    const auto* details = error.if_contains("details");
    return details && details->as_object().contains("field")
               ? std::string(details->as_object().at("field").as_string())
               : std::string();
  };
  EXPECT_EQ(field("?from=2026-13-01&to=2026-03-02"), "from");
  EXPECT_EQ(field("?from=2026-02-30&to=2026-03-02"), "from");
  EXPECT_EQ(field("?to=yesterday"), "to");
  EXPECT_EQ(field("?from=2026-3-1"), "from");
  EXPECT_EQ(field("?from=1969-12-31&to=1970-01-01"), "from");
  EXPECT_EQ(field("?from=2026-03-01%27%20OR%201%3D1&to=2026-03-02"), "from");
  EXPECT_EQ(field("?from=" + std::string(2'000, '9')), "from");
  EXPECT_EQ(field("?from=2026-03-02&to=2026-03-01"), "from");   // reversed
  EXPECT_EQ(field("?from=2025-01-01&to=2026-03-02"), "from");   // 426 days
  EXPECT_EQ(field("?from=1970-01-01&to=9999-12-31"), "from");   // huge
  EXPECT_EQ(field("?from=2020-01-01"), "from");                 // to today: too long
  EXPECT_EQ(field("?from=2026-04-01"), "from");                 // after today
  EXPECT_EQ(field("?from=99999-01-01&to=99999-01-02"), "from");

  // The limits themselves are fine: one day, and exactly 366 days.
  EXPECT_EQ(report(video, "?from=2026-03-01&to=2026-03-01")["days"].as_array().size(), 1u);
  auto leap = report(video, "?from=2024-01-01&to=2024-12-31");
  EXPECT_EQ(leap["days"].as_array().size(), 366u);
  EXPECT_EQ(leap["days"].as_array()[59].as_object().at("date").as_string(), "2024-02-29");
  // Empty parameters read as absent (the default range); unknown ones are ignored.
  EXPECT_EQ(report(video, "?from=&to=&days=9999")["days"].as_array().size(), 28u);
}

// Two nodes on one PostgreSQL, as behind a load balancer: every node hears every rating and
// comment event, and each is still counted once (by the node that published it).
TEST(StudioAnalyticsCluster, each_like_and_comment_counts_once_however_many_nodes_hear_of_it) {
  if (!using_postgres()) GTEST_SKIP() << "two nodes share one database only on PostgreSQL (MARQUEE_TEST_DATABASE=postgres)";
  auto node = [](Config& c) {
    c.jwt_secret = "analytics-cluster-jwt-key-0123456789abcdef";
    c.playback_secret = "analytics-cluster-playback-key-0123456789";
    c.video_cache_ttl_ms = 60'000;  // only an event explains a change seen within seconds
    c.views_flush_interval_ms = 50;
  };
  TestServer a(node);
  TestServer b([&](Config& c) {
    node(c);
    c.database = a.config().database;
    c.role = "api";
  });
  TestUser owner = a.user_with_role("creator", "owner");
  TestUser fan = a.register_user("fan");
  auto created = a.client().post("/api/videos", object{{"title", "shared"}, {"visibility", "public"}}, owner.access_token);
  ASSERT_EQ(created.status, 201);
  const std::string id(created.json().at("id").as_string());
  a.app().database().execute("UPDATE videos SET status = 'ready', duration_ms = ? WHERE id = ?", {kDuration, id});
  const std::string path = "/api/videos/" + id;
  auto counter_on = [&](TestServer& node, const char* counter) {
    auto r = node.client().get(path);
    return r.status == 200 ? r.json().at(counter).as_int64() : -1;
  };
  ASSERT_EQ(counter_on(a, "likes_count"), 0);  // both nodes hold the video for a minute now
  ASSERT_EQ(counter_on(b, "comments_count"), 0);

  ASSERT_EQ(a.client().post(path + "/like", object{}, fan.access_token).status, 200);
  ASSERT_TRUE(eventually([&] { return counter_on(b, "likes_count") == 1; }));  // B heard the event
  ASSERT_EQ(b.client().post(path + "/comments", object{{"text", "hello"}}, fan.access_token).status, 201);
  ASSERT_TRUE(eventually([&] { return counter_on(a, "comments_count") == 1; }));  // A heard the event

  for (auto [node, session, source] : {std::tuple{&a, "x1", "home"}, std::tuple{&b, "y1", "search"}}) {
    auto r = node->client().request(
        "POST", path + "/views",
        boost::json::serialize(object{{"position_ms", 6'000}, {"watched_ms", 6'000}, {"session_id", session},
                                      {"source", source}}),
        {{"Content-Type", "application/json"}});
    ASSERT_EQ(r.status, 202) << r.body;
  }
  object report;
  ASSERT_TRUE(eventually([&] {
    auto r = b.client().get("/api/studio/videos/" + id + "/analytics", owner.access_token);
    if (r.status != 200) return false;
    report = r.json().as_object();
    return report["totals"].as_object()["views"].as_int64() == 2;
  })) << boost::json::serialize(report);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // any double count would have landed by now
  auto again = a.client().get("/api/studio/videos/" + id + "/analytics", owner.access_token);
  ASSERT_EQ(again.status, 200);
  const boost::json::value body = again.json();
  const object& totals = body.at("totals").as_object();
  EXPECT_EQ(num(totals, "views"), 2);
  EXPECT_EQ(num(totals, "likes_added"), 1);
  EXPECT_EQ(num(totals, "comments_added"), 1);
  EXPECT_EQ(num(totals.at("sources").as_object(), "home"), 1);
  EXPECT_EQ(num(totals.at("sources").as_object(), "search"), 1);
  EXPECT_EQ(num(body.at("retention").as_object(), "sessions"), 2);
}

}  // namespace
}  // namespace marquee::testing
