// The feeds over HTTP on the real server: what never shows (private, unlisted, unfinished,
// failed and deleted videos, blocked channels), adult opt-in, trending by recency, subscriptions newest first,
// reels' shape, and pages without duplicates or gaps while videos and engagement arrive.
// Media facts, statuses and event times are set in the database: the pipeline would be slow
// and cannot backdate.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <set>

#include "core/Clock.h"
#include "core/Ids.h"
#include "db/Database.h"
#include "support/ListPages.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

constexpr Millis kHour = 3'600'000;

struct Shape {
  std::int64_t width, height, duration_ms;
};
constexpr Shape kReel{1080, 1920, 30'000};
constexpr Shape kWide{1920, 1080, 600'000};

struct Feeds : ::testing::Test {
  TestServer server;
  const TestClient& client = server.client();
  TestUser admin = server.user_with_role("admin", "admin");
  TestUser creator = server.register_user("creator");
  TestUser viewer = server.register_user("viewer");

  db::Database& db() { return server.app().database(); }

  // A video of `owner`'s, set to `status` with the given shape, created `age_ms` ago.
  std::string video(const TestUser& owner, const std::string& status = "ready", Shape shape = kReel,
                    object fields = {}, Millis age_ms = kHour) {
    if (!fields.contains("title")) fields["title"] = "feed video";
    auto r = client.post("/api/videos", fields, owner.access_token);
    if (r.status != 201) throw std::runtime_error("video create failed: " + r.body);
    std::string id(r.json().as_object()["id"].as_string());
    db().execute("UPDATE videos SET status = ?, width = ?, height = ?, duration_ms = ?, created_at = ? WHERE id = ?",
                 {status, shape.width, shape.height, shape.duration_ms, wall_clock_ms() - age_ms, id});
    return id;
  }

  // `count` counted views by fresh accounts, `age_ms` ago.
  void views(const std::string& video_id, int count, Millis age_ms = kHour) {
    db().write([&](db::Connection& c) {
      for (int i = 0; i < count; ++i) {
        const std::string user = new_public_id();
        const Millis at = wall_clock_ms() - age_ms;
        c.exec("INSERT INTO users (id, email, username, username_key, password_hash, created_at, updated_at) "
               "VALUES (?, ?, ?, ?, 'x', 0, 0)",
               {user, user + "@example.com", "v" + user, "v" + user});
        c.exec("INSERT INTO video_viewers (video_id, viewer_key, user_id, counted_at, updated_at) VALUES (?, ?, ?, ?, ?)",
               {video_id, "u:" + user, user, at, at});
        c.exec("UPDATE videos SET views_count = views_count + 1 WHERE id = ?", {video_id});
      }
    });
  }

  void refresh() {
    auto r = client.post("/api/admin/feeds/refresh", object{}, admin.access_token);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  boost::json::object page(const std::string& target, const std::string& token = "") {
    return get_ok(client, target, token);
  }

  static std::vector<std::string> ids_of(const boost::json::object& page) { return item_ids(page); }

  // Every item of every page; `between` runs after each page.
  std::vector<std::string> walk(const std::string& target, const std::string& token = "",
                                const std::function<void()>& between = {}) {
    return walk_pages(client, target, token, 3, between);
  }

  void subscribe(const TestUser& fan, const TestUser& channel) {
    auto r = client.post("/api/users/" + channel.username + "/subscription", object{}, fan.access_token);
    ASSERT_EQ(r.status, 201) << r.body;
  }
};

const std::vector<std::string> kFeedTargets = {"/api/videos/feed", "/api/feed/trending", "/api/feed/trending?window=7d",
                                               "/api/feed/reels", "/api/feed/subscriptions"};

std::set<std::string> as_set(const std::vector<std::string>& ids) { return {ids.begin(), ids.end()}; }

TEST_F(Feeds, private_unlisted_unfinished_and_failed_videos_never_appear) {
  subscribe(viewer, creator);
  auto listed = video(creator);
  std::vector<std::string> hidden = {
      video(creator, "ready", kReel, {{"visibility", "private"}}),
      video(creator, "ready", kReel, {{"visibility", "unlisted"}}),
      video(creator, "failed"),
      video(creator, "processing"),
      video(creator, "draft"),
  };
  for (const auto& id : hidden) views(id, 5);
  views(listed, 1);
  refresh();
  for (const auto* who : {&viewer, &creator}) {
    for (const auto& target : kFeedTargets) {
      if (who == &creator && target == "/api/feed/subscriptions") continue;
      auto ids = walk(target, who->access_token);
      EXPECT_EQ(ids, std::vector<std::string>{listed}) << target << " for " << who->username;
    }
  }
  for (const auto& target : {"/api/videos/feed", "/api/feed/trending", "/api/feed/reels"}) {
    EXPECT_EQ(walk(target), std::vector<std::string>{listed}) << target << " anonymously";
  }
}

TEST_F(Feeds, deleted_videos_and_deleted_accounts_leave_every_feed_at_once) {
  auto gone = server.register_user("gone");
  auto kept = video(creator);
  auto deleted = video(creator);
  auto orphan = video(gone);
  for (const auto& id : {kept, deleted, orphan}) views(id, 3);
  refresh();
  EXPECT_EQ(as_set(walk("/api/feed/trending")), (std::set<std::string>{kept, deleted, orphan}));

  ASSERT_EQ(client.del("/api/videos/" + deleted, creator.access_token).status, 204);
  auto r = client.request("DELETE", "/api/me", boost::json::serialize(object{{"password", gone.password}}),
                          {{"Authorization", "Bearer " + gone.access_token}, {"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 204) << r.body;
  for (const auto& target : {"/api/feed/trending", "/api/feed/reels", "/api/videos/feed"}) {
    EXPECT_EQ(walk(target), std::vector<std::string>{kept}) << target;
  }
}

// Every feed is warm (its lists, videos and shared pages in memory) before each change: what
// changes through the API shows on the next page of every feed, without waiting for a ttl.
TEST_F(Feeds, changes_made_through_the_api_show_at_once_in_warm_feeds) {
  subscribe(viewer, creator);
  auto stays = video(creator);
  auto goes_private = video(creator);
  auto goes_adult = video(creator);
  for (const auto& id : {stays, goes_private, goes_adult}) views(id, 3);
  refresh();
  auto every_feed = [&] {
    std::vector<std::pair<std::string, std::vector<std::string>>> seen;
    for (const auto& target : kFeedTargets) seen.emplace_back(target, walk(target, viewer.access_token));
    for (const auto& target : {"/api/videos/feed", "/api/feed/trending", "/api/feed/reels"}) {
      seen.emplace_back(std::string(target) + " anonymously", walk(target));
    }
    return seen;
  };
  for (const auto& [target, ids] : every_feed()) {
    EXPECT_EQ(as_set(ids), (std::set<std::string>{stays, goes_private, goes_adult})) << target;
  }

  ASSERT_EQ(client.patch("/api/videos/" + goes_private, object{{"visibility", "private"}}, creator.access_token).status,
            200);
  ASSERT_EQ(client.patch("/api/videos/" + goes_adult, object{{"is_adult", true}}, creator.access_token).status, 200);
  for (const auto& [target, ids] : every_feed()) EXPECT_EQ(ids, std::vector<std::string>{stays}) << target;

  ASSERT_EQ(client.del("/api/users/" + creator.username + "/subscription", viewer.access_token).status, 204);
  EXPECT_TRUE(walk("/api/feed/subscriptions", viewer.access_token).empty());
  subscribe(viewer, creator);
  EXPECT_EQ(walk("/api/feed/subscriptions", viewer.access_token), std::vector<std::string>{stays});
}

// Blocking through the API with every feed warm (lists, videos, the viewer's blocks and the
// shared trending pages): the blocker's next page of every feed leaves the channel out, while
// everyone else still sees it; unblocking brings it back at once.
TEST_F(Feeds, a_blocked_channel_leaves_every_feed_of_the_blocker_at_once) {
  auto other = server.register_user("other");
  subscribe(viewer, creator);
  auto blocked = video(creator);
  auto kept = video(other);
  views(blocked, 3);
  views(kept, 2);
  refresh();
  const std::set<std::string> both{blocked, kept};
  for (const auto& target : kFeedTargets) {
    if (target != "/api/feed/subscriptions") {
      ASSERT_EQ(as_set(walk(target, viewer.access_token)), both) << target;
    }
  }
  ASSERT_EQ(walk("/api/feed/subscriptions", viewer.access_token), std::vector<std::string>{blocked});

  auto r = client.post("/api/users/" + creator.username + "/block", object{}, viewer.access_token);
  ASSERT_EQ(r.status, 201) << r.body;
  for (const auto& target : kFeedTargets) {
    const auto expected =
        target == "/api/feed/subscriptions" ? std::vector<std::string>{} : std::vector<std::string>{kept};
    EXPECT_EQ(walk(target, viewer.access_token), expected) << target;
  }
  for (const auto* target :
       {"/api/videos/feed", "/api/feed/trending", "/api/feed/trending?window=7d", "/api/feed/reels"}) {
    EXPECT_EQ(as_set(walk(target)), both) << target << " anonymously";
    EXPECT_EQ(as_set(walk(target, other.access_token)), both) << target << " for someone else";
  }

  ASSERT_EQ(client.del("/api/users/" + creator.username + "/block", viewer.access_token).status, 204);
  for (const auto& target : kFeedTargets) {
    if (target != "/api/feed/subscriptions") {
      EXPECT_EQ(as_set(walk(target, viewer.access_token)), both) << target;
    }
  }
  EXPECT_TRUE(walk("/api/feed/subscriptions", viewer.access_token).empty()) << "blocking ended the subscription";
}

// Adult videos show to a caller who asks (?adult=true) and passed the age gate: an account's
// 18+ attestation, or a signed-out browser's confirmation cookie.
TEST_F(Feeds, adult_videos_need_the_age_gate_and_a_caller_who_asks) {
  auto adult = video(creator, "ready", kReel, {{"is_adult", true}});
  views(adult, 3);
  refresh();
  const char* targets[] = {"/api/videos/feed", "/api/feed/trending", "/api/feed/reels"};
  for (const auto& target : targets) {
    const std::string asking = std::string(target) + "?adult=true";
    EXPECT_TRUE(walk(asking).empty()) << asking << " anonymously";
    EXPECT_TRUE(walk(target, viewer.access_token).empty()) << target;
    EXPECT_TRUE(walk(asking, viewer.access_token).empty()) << asking << " before the gate";
  }
  ASSERT_EQ(client.patch("/api/me", object{{"adult_attested", true}}, viewer.access_token).status, 200);
  for (const auto& target : targets) {
    const std::string asking = std::string(target) + "?adult=true";
    EXPECT_TRUE(walk(std::string(target) + "?adult=false", viewer.access_token).empty()) << target;
    EXPECT_EQ(walk(asking, viewer.access_token), std::vector<std::string>{adult}) << asking;
    auto confirmed = client.request("GET", asking, "", {{"Cookie", "marquee_age_ok=1"}});
    ASSERT_EQ(confirmed.status, 200) << confirmed.body;
    EXPECT_EQ(item_ids(confirmed.json().as_object()), std::vector<std::string>{adult}) << asking << " with the cookie";
  }
  EXPECT_EQ(client.get("/api/feed/trending?adult=maybe").error_code(), "validation_failed");
}

TEST_F(Feeds, premium_videos_show_with_their_lock) {
  auto premium = video(creator, "ready", kReel, {{"is_premium", true}});
  views(premium, 2);
  refresh();
  auto items = page("/api/feed/trending").at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].as_object().at("id").as_string(), premium);
  EXPECT_TRUE(items[0].as_object().at("is_premium").as_bool());
}

TEST_F(Feeds, trending_ranks_recent_engagement_above_the_same_engagement_earlier) {
  auto older = video(creator, "ready", kWide, {}, 30 * kHour);
  auto recent = video(creator, "ready", kWide, {}, 30 * kHour);
  std::vector<TestUser> fans;
  for (int i = 0; i < 3; ++i) fans.push_back(server.register_user("fan"));
  for (const auto& id : {older, recent}) {
    views(id, 8, id == older ? 20 * kHour : kHour);
    for (const auto& fan : fans) {
      ASSERT_EQ(client.post("/api/videos/" + id + "/like", object{}, fan.access_token).status, 200);
      ASSERT_EQ(client.post("/api/videos/" + id + "/comments", object{{"text", "nice"}}, fan.access_token).status, 201);
    }
  }
  const Millis earlier = wall_clock_ms() - 20 * kHour;
  db().execute("UPDATE video_ratings SET created_at = ?, updated_at = ? WHERE video_id = ?", {earlier, earlier, older});
  db().execute("UPDATE comments SET created_at = ?, updated_at = ? WHERE video_id = ?", {earlier, earlier, older});
  refresh();
  EXPECT_EQ(ids_of(page("/api/feed/trending")), (std::vector<std::string>{recent, older}));
  EXPECT_EQ(ids_of(page("/api/feed/trending?window=7d")), (std::vector<std::string>{recent, older}));
  auto first = page("/api/feed/trending").at("items").as_array()[0].as_object();
  EXPECT_EQ(first.at("likes_count").as_int64(), 3);
  EXPECT_EQ(first.at("comments_count").as_int64(), 3);
}

TEST_F(Feeds, trending_leaves_out_what_is_older_than_its_window) {
  auto last_week = video(creator, "ready", kWide, {}, 100 * kHour);
  views(last_week, 10, 48 * kHour);
  refresh();
  EXPECT_TRUE(walk("/api/feed/trending").empty());
  EXPECT_EQ(walk("/api/feed/trending?window=7d"), std::vector<std::string>{last_week});
}

TEST_F(Feeds, subscriptions_feed_shows_only_followed_channels_newest_first) {
  auto second = server.register_user("second");
  auto stranger = server.register_user("stranger");
  subscribe(viewer, creator);
  subscribe(viewer, second);
  std::vector<std::string> expected;
  for (int i = 0; i < 4; ++i) {
    expected.push_back(video(i % 2 ? second : creator, "ready", kWide, {}, (i + 1) * kHour));
    video(stranger, "ready", kWide, {}, (i + 1) * kHour);
  }
  EXPECT_EQ(walk("/api/feed/subscriptions", viewer.access_token), expected);
  EXPECT_TRUE(walk("/api/feed/subscriptions", creator.access_token).empty());
  EXPECT_EQ(client.get("/api/feed/subscriptions").status, 401);
}

TEST_F(Feeds, reels_are_vertical_short_videos_only) {
  auto short_vertical = video(creator, "ready", kReel);
  auto playable = video(creator, "playable", {720, 1280, 90'000});
  video(creator, "ready", {1080, 1920, 91'000});  // too long
  video(creator, "ready", kWide);
  video(creator, "ready", {1080, 1080, 20'000});  // square
  refresh();
  EXPECT_EQ(as_set(walk("/api/feed/reels")), (std::set<std::string>{short_vertical, playable}));
  const auto reels = page("/api/feed/reels");
  for (const auto& item : reels.at("items").as_array()) {
    EXPECT_GT(item.as_object().at("height").as_int64(), item.as_object().at("width").as_int64());
  }
}

TEST_F(Feeds, reels_keep_one_order_per_session_and_vary_across_sessions) {
  for (int i = 0; i < 30; ++i) video(creator);
  refresh();
  auto alpha = walk("/api/feed/reels?session=alpha");
  EXPECT_EQ(alpha.size(), 30u);
  EXPECT_EQ(walk("/api/feed/reels?session=alpha"), alpha);
  EXPECT_NE(walk("/api/feed/reels?session=beta"), alpha);
  EXPECT_EQ(walk("/api/feed/reels", viewer.access_token), walk("/api/feed/reels", viewer.access_token));
  EXPECT_EQ(client.get("/api/feed/reels?session=not%20valid").error_code(), "validation_failed");
}

TEST_F(Feeds, pages_have_no_duplicates_or_gaps_while_new_videos_arrive) {
  auto followed = server.register_user("followed");
  subscribe(viewer, followed);
  std::set<std::string> before;
  for (int i = 0; i < 8; ++i) {
    before.insert(video(followed, "ready", i % 2 ? kReel : kWide, {}, (i + 2) * kHour));
    auto other = video(creator, "ready", i % 2 ? kReel : kWide, {}, (i + 2) * kHour);
    views(other, i + 1);
    before.insert(other);
  }
  refresh();
  int arrivals = 0;
  auto arrive = [&] {
    // A millisecond ahead: a video created in the very millisecond a session started belongs to
    // that session (its sources start at the first page's time, inclusive), and pages served
    // from memory are fast enough for the first arrival to land in that millisecond.
    auto id = video(arrivals++ % 2 ? followed : creator, "ready", kReel, {}, -1);
    views(id, 50, 0);
    refresh();
  };
  struct Expectation {
    std::string target;
    const std::string* token;
    std::size_t count;  // of the videos that existed before the first page
  };
  const std::vector<Expectation> feeds = {
      {"/api/videos/feed", &viewer.access_token, 16},      {"/api/videos/feed", nullptr, 16},
      {"/api/feed/trending", nullptr, 8},                  {"/api/feed/trending?window=7d", nullptr, 8},
      {"/api/feed/reels?session=s1", &viewer.access_token, 8}, {"/api/feed/subscriptions", &viewer.access_token, 8},
  };
  for (const auto& feed : feeds) {
    std::set<std::string> expected;
    for (const auto& id : walk(feed.target, feed.token ? *feed.token : "")) expected.insert(id);
    auto ids = walk(feed.target, feed.token ? *feed.token : "", arrive);
    EXPECT_EQ(ids.size(), as_set(ids).size()) << feed.target << ": duplicates";
    EXPECT_EQ(as_set(ids), expected) << feed.target;
    std::size_t old = 0;
    for (const auto& id : ids) old += before.count(id);
    EXPECT_EQ(old, feed.count) << feed.target;
  }
}

TEST_F(Feeds, anonymous_home_feed_blends_trending_and_fresh_uploads) {
  auto trending = video(creator, "ready", kWide, {}, 200 * kHour);
  views(trending, 5);
  auto fresh = video(creator, "ready", kWide, {}, 0);
  refresh();
  auto result = page("/api/videos/feed");
  EXPECT_EQ(ids_of(result), (std::vector<std::string>{trending, fresh}));
  EXPECT_TRUE(result.at("next_cursor").is_null());
  EXPECT_EQ(page("/api/videos/" + fresh).at("id").as_string(), fresh);  // /api/videos/{id} still routes
}

TEST_F(Feeds, bad_parameters_are_clear_400s) {
  EXPECT_EQ(client.get("/api/feed/trending?window=1h").error_code(), "validation_failed");
  EXPECT_EQ(client.get("/api/videos/feed?limit=0").error_code(), "validation_failed");
  EXPECT_EQ(client.get("/api/videos/feed?limit=abc").error_code(), "validation_failed");
  EXPECT_EQ(client.get("/api/feed/reels?limit=101").error_code(), "validation_failed");
  EXPECT_EQ(client.get("/api/videos/feed?cursor=garbage").error_code(), "validation_failed");
  video(creator);
  views(video(creator), 1);
  views(video(creator), 2);
  refresh();
  auto cursor = page("/api/feed/trending?limit=1").at("next_cursor");
  ASSERT_TRUE(cursor.is_string());
  EXPECT_EQ(client.get("/api/feed/reels?cursor=" + std::string(cursor.as_string())).error_code(), "validation_failed");
  EXPECT_EQ(client.get("/api/feed/trending?window=7d&cursor=" + std::string(cursor.as_string())).error_code(),
            "validation_failed");
}

}  // namespace
}  // namespace marquee::testing
