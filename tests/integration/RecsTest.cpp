// Recommendations over HTTP on the real server: similar videos of a catalogue with planted
// topics come from the same topic with a high match; co-watch reorders them; what a viewer
// may not see in lists never appears, and leaves at once; the for-you feed follows the
// viewer's taste and leaves out what they finished; anonymous and new viewers get the home
// feed, viewers with history get for-you as their home; the index is rebuilt at start.
// Statuses, durations, upload times and watch history are set in the database (the pipeline
// would be slow and cannot backdate); a PATCH then announces the video like an edit would.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <set>

#include "core/Clock.h"
#include "db/Database.h"
#include "support/Eventually.h"
#include "support/ListPages.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

constexpr Millis kDay = 24ll * 3600 * 1000;
constexpr std::int64_t kDurationMs = 600'000;

struct Topic {
  std::string name;
  std::vector<std::string> tags;
  std::vector<std::string> words;
};

const std::vector<Topic> kTopics = {
    {"astronomy", {"space", "telescope", "nebula", "stars"}, {"galaxy", "orbit", "comet", "planet", "eclipse"}},
    {"baking", {"bread", "sourdough", "oven", "pastry"}, {"flour", "dough", "crust", "yeast", "butter"}},
    {"surfing", {"surf", "waves", "ocean", "board"}, {"swell", "reef", "barrel", "tide", "wetsuit"}},
};

struct Recs : ::testing::Test {
  TestServer server;
  const TestClient& client = server.client();
  TestUser admin = server.user_with_role("admin", "admin");
  TestUser viewer = server.register_user("viewer");
  std::map<std::string, TestUser> channel_of_topic;  // one creator per topic
  std::map<std::string, std::string> topic_of;        // video id → topic

  db::Database& db() { return server.app().database(); }

  const TestUser& channel(const std::string& topic) {
    auto it = channel_of_topic.find(topic);
    if (it == channel_of_topic.end()) it = channel_of_topic.emplace(topic, server.register_user(topic)).first;
    return it->second;
  }

  // A ready video of the topic's channel, uploaded `age_ms` ago, announced by an edit.
  std::string video(const std::string& topic_name, int n, object extra = {}, Millis age_ms = 10 * kDay) {
    const Topic& topic = *std::find_if(kTopics.begin(), kTopics.end(), [&](const Topic& t) { return t.name == topic_name; });
    const TestUser& owner = channel(topic_name);
    object fields{{"title", topic.words[n % 5] + " and " + topic.words[(n + 2) % 5] + " notes"},
                  {"tags", boost::json::array{boost::json::value(topic.tags[n % 4]), boost::json::value(topic.tags[(n + 1) % 4])}},
                  {"description", "All about the " + topic.words[(n + 3) % 5] + "."},
                  {"category", topic.name}};
    auto r = client.post("/api/videos", fields, owner.access_token);
    if (r.status != 201) throw std::runtime_error("video create failed: " + r.body);
    std::string id(r.json().as_object()["id"].as_string());
    db().execute("UPDATE videos SET status = 'ready', duration_ms = ?, width = 1920, height = 1080, created_at = ? WHERE id = ?",
                 {kDurationMs, wall_clock_ms() - age_ms, id});
    extra["title"] = fields["title"];
    auto edited = client.patch("/api/videos/" + id, extra, owner.access_token);
    if (edited.status != 200) throw std::runtime_error("video edit failed: " + edited.body);
    topic_of[id] = topic_name;
    return id;
  }

  std::vector<std::string> cluster(const std::string& topic, int count, Millis age_ms = 10 * kDay) {
    std::vector<std::string> ids;
    for (int n = 0; n < count; ++n) ids.push_back(video(topic, n, {}, age_ms));
    return ids;
  }

  // `user` watched `video_id` to `completion` of it, `age_ms` ago.
  void watched(const std::string& user_id, const std::string& video_id, double completion, Millis age_ms = kDay) {
    const Millis at = wall_clock_ms() - age_ms;
    const auto position = static_cast<std::int64_t>(completion * kDurationMs);
    db().execute(
        "INSERT INTO watch_history (user_id, video_id, position_ms, max_position_ms, watched_ms, first_watched_at, "
        "last_watched_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {user_id, video_id, position, position, position, at, at});
  }

  void refresh() {
    auto r = client.post("/api/admin/recs/refresh", object{}, admin.access_token);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  boost::json::object page(const std::string& target, const std::string& token = "") {
    return get_ok(client, target, token);
  }

  static std::vector<std::string> ids_of(const boost::json::object& page) { return item_ids(page); }

  std::vector<std::string> similar(const std::string& id, const std::string& query = "", const std::string& token = "") {
    return ids_of(page("/api/videos/" + id + "/similar" + query, token));
  }

  // Every item of every page of `target`.
  std::vector<std::string> walk(const std::string& target, const std::string& token = "") {
    return walk_pages(client, target, token, 4);
  }
};

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST_F(Recs, similar_videos_of_a_planted_cluster_come_from_its_topic_with_a_high_match) {
  std::map<std::string, std::vector<std::string>> clusters;
  for (const auto& topic : kTopics) clusters[topic.name] = cluster(topic.name, 8);
  refresh();
  for (const auto& [topic, ids] : clusters) {
    for (const auto& source : {ids[0], ids[5]}) {
      auto result = page("/api/videos/" + source + "/similar?limit=5");
      EXPECT_TRUE(result.at("next_cursor").is_null());
      const auto& items = result.at("items").as_array();
      ASSERT_EQ(items.size(), 5u) << topic;
      for (const auto& value : items) {
        const auto& item = value.as_object();
        const std::string id(item.at("id").as_string());
        EXPECT_NE(id, source);
        EXPECT_EQ(topic_of[id], topic) << source << " → " << id;
        EXPECT_EQ(item.at("category").as_string(), topic);  // the listing shape of a video
        EXPECT_FALSE(item.at("is_premium").as_bool());
      }
      const auto& best = items[0].as_object();
      const auto match = best.at("match").as_int64();
      EXPECT_GE(match, 70) << topic;
      EXPECT_LE(match, 100);
      EXPECT_EQ(best.at("match_label").as_string(), std::to_string(match) + "% match");
    }
  }
}

TEST_F(Recs, a_weak_match_is_returned_without_a_percentage) {
  // Every title ends in "notes": videos of other topics are weakly related.
  const auto baking = cluster("baking", 3);
  cluster("surfing", 3);
  refresh();
  auto items = page("/api/videos/" + baking[0] + "/similar?limit=10").at("items").as_array();
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(topic_of[std::string(items.at(0).as_object().at("id").as_string())], "baking");
  int weak = 0;
  for (const auto& value : items) {
    const auto& item = value.as_object();
    const auto match = item.at("match").as_int64();
    if (topic_of[std::string(item.at("id").as_string())] != "baking") {
      EXPECT_LT(match, 50);
    }
    if (match < 50) {
      ++weak;
      EXPECT_TRUE(item.at("match_label").is_null()) << match;
    } else {
      EXPECT_EQ(item.at("match_label").as_string(), std::to_string(match) + "% match");
    }
  }
  EXPECT_GT(weak, 0);
}

TEST_F(Recs, co_watch_puts_what_the_same_viewers_finished_first) {
  const auto baking = cluster("baking", 8);
  refresh();
  const std::string source = baking[0];
  const auto before = similar(source, "?limit=7");
  ASSERT_EQ(before.size(), 7u);
  const std::string lifted = before.back();
  for (int i = 0; i < 12; ++i) {
    const TestUser fan = server.register_user("fan");
    watched(fan.id, source, 1.0, 2 * kDay);
    watched(fan.id, lifted, 0.95, kDay);
  }
  refresh();
  const auto after = similar(source, "?limit=7");
  ASSERT_FALSE(after.empty());
  EXPECT_EQ(after.front(), lifted);
  EXPECT_EQ(std::set<std::string>(after.begin(), after.end()), std::set<std::string>(before.begin(), before.end()));
}

TEST_F(Recs, what_a_viewer_may_not_see_in_lists_never_appears) {
  const auto baking = cluster("baking", 4);
  const std::string made_private = video("baking", 4, {{"visibility", "private"}});
  const std::string made_unlisted = video("baking", 5, {{"visibility", "unlisted"}});
  const std::string adult = video("baking", 6, {{"is_adult", true}});
  const std::string premium = video("baking", 7, {{"is_premium", true}});
  // Another channel about baking, which the viewer blocks.
  TestUser other = server.register_user("otherbaker");
  auto r = client.post("/api/videos", object{{"title", "flour and crust notes"}, {"tags", {"bread", "oven"}},
                                             {"category", "baking"}}, other.access_token);
  ASSERT_EQ(r.status, 201);
  const std::string blocked(r.json().as_object()["id"].as_string());
  db().execute("UPDATE videos SET status = 'ready', duration_ms = ? WHERE id = ?", {kDurationMs, blocked});
  ASSERT_EQ(client.patch("/api/videos/" + blocked, object{{"description", "bread"}}, other.access_token).status, 200);
  ASSERT_EQ(client.post("/api/users/" + other.username + "/block", object{}, viewer.access_token).status, 201);
  refresh();

  const std::string source = baking[0];
  EXPECT_FALSE(contains(similar(source, "?limit=50&adult=true", viewer.access_token), adult)) << "before the age gate";
  ASSERT_EQ(client.patch("/api/me", object{{"adult_attested", true}}, viewer.access_token).status, 200);
  const auto anonymous = similar(source, "?limit=50");
  const auto anonymous_asking = similar(source, "?limit=50&adult=true");
  const auto signed_in = similar(source, "?limit=50", viewer.access_token);
  const auto signed_in_asking = similar(source, "?limit=50&adult=true", viewer.access_token);
  for (const auto* ids : {&anonymous, &anonymous_asking, &signed_in, &signed_in_asking}) {
    EXPECT_FALSE(contains(*ids, made_private));
    EXPECT_FALSE(contains(*ids, made_unlisted));
    EXPECT_FALSE(contains(*ids, source));
    EXPECT_TRUE(contains(*ids, premium));  // listed, with its lock
    EXPECT_TRUE(contains(*ids, baking[1]));
  }
  EXPECT_FALSE(contains(anonymous, adult));
  EXPECT_FALSE(contains(anonymous_asking, adult));
  EXPECT_FALSE(contains(signed_in, adult));
  EXPECT_TRUE(contains(signed_in_asking, adult));
  EXPECT_TRUE(contains(anonymous, blocked));
  EXPECT_FALSE(contains(signed_in, blocked));
  EXPECT_FALSE(contains(signed_in_asking, blocked));
  // The for-you feed follows the same rules.
  watched(viewer.id, baking[1], 1.0);
  for (const auto& target : {"/api/feed/for-you", "/api/feed/for-you?adult=true"}) {
    const auto feed = walk(target, viewer.access_token);
    EXPECT_FALSE(contains(feed, made_private)) << target;
    EXPECT_FALSE(contains(feed, made_unlisted)) << target;
    EXPECT_FALSE(contains(feed, blocked)) << target;
    EXPECT_EQ(contains(feed, adult), std::string(target).find("adult") != std::string::npos) << target;
  }
}

TEST_F(Recs, a_deleted_or_newly_private_video_leaves_similar_results_at_once) {
  const auto baking = cluster("baking", 6);
  refresh();
  const std::string source = baking[0];
  const auto owner = channel("baking");
  ASSERT_TRUE(contains(similar(source), baking[1]));
  ASSERT_TRUE(contains(similar(source), baking[2]));
  ASSERT_EQ(client.del("/api/videos/" + baking[1], owner.access_token).status, 204);
  ASSERT_EQ(client.patch("/api/videos/" + baking[2], object{{"visibility", "private"}}, owner.access_token).status, 200);
  const auto after = similar(source);
  EXPECT_FALSE(contains(after, baking[1]));
  EXPECT_FALSE(contains(after, baking[2]));
  EXPECT_TRUE(contains(after, baking[3]));
  // Public again: back at once.
  ASSERT_EQ(client.patch("/api/videos/" + baking[2], object{{"visibility", "public"}}, owner.access_token).status, 200);
  EXPECT_TRUE(contains(similar(source), baking[2]));
}

TEST_F(Recs, a_deleted_account_takes_its_videos_out_of_recommendations) {
  const auto baking = cluster("baking", 3);
  TestUser leaving = server.register_user("leaving");
  auto r = client.post("/api/videos", object{{"title", "flour and crust notes"}, {"tags", {"bread", "oven"}},
                                             {"category", "baking"}}, leaving.access_token);
  ASSERT_EQ(r.status, 201);
  const std::string theirs(r.json().as_object()["id"].as_string());
  db().execute("UPDATE videos SET status = 'ready', duration_ms = ? WHERE id = ?", {kDurationMs, theirs});
  ASSERT_EQ(client.patch("/api/videos/" + theirs, object{{"description", "bread"}}, leaving.access_token).status, 200);
  ASSERT_TRUE(contains(similar(baking[0]), theirs));
  auto gone = client.request("DELETE", "/api/me", boost::json::serialize(object{{"password", leaving.password}}),
                             {{"Authorization", "Bearer " + leaving.access_token}, {"Content-Type", "application/json"}});
  ASSERT_EQ(gone.status, 204) << gone.body;
  EXPECT_FALSE(contains(similar(baking[0]), theirs));
}

TEST_F(Recs, similar_of_a_video_the_caller_may_not_watch_is_not_found) {
  const auto baking = cluster("baking", 3);
  const auto& owner = channel("baking");
  const std::string hidden = video("baking", 3, {{"visibility", "private"}});
  const std::string unlisted = video("baking", 4, {{"visibility", "unlisted"}});
  EXPECT_EQ(client.get("/api/videos/" + hidden + "/similar").status, 404);
  EXPECT_EQ(client.get("/api/videos/" + hidden + "/similar", viewer.access_token).status, 404);
  EXPECT_EQ(client.get("/api/videos/nosuchvideo1/similar").status, 404);
  // The owner may watch it, so they get its similar videos (public ones only).
  const auto owners = similar(hidden, "", owner.access_token);
  EXPECT_TRUE(contains(owners, baking[0]));
  EXPECT_FALSE(contains(owners, hidden));
  EXPECT_FALSE(contains(owners, unlisted));
  // An unlisted video is watchable by link: its similar videos show, never itself elsewhere.
  EXPECT_TRUE(contains(similar(unlisted), baking[1]));
}

TEST_F(Recs, bad_parameters_are_clear_400s) {
  const auto baking = cluster("baking", 2);
  const std::string base = "/api/videos/" + baking[0] + "/similar";
  EXPECT_EQ(client.get(base + "?limit=0").error_code(), "validation_failed");
  EXPECT_EQ(client.get(base + "?limit=101").error_code(), "validation_failed");
  EXPECT_EQ(client.get(base + "?limit=abc").error_code(), "validation_failed");
  EXPECT_EQ(client.get(base + "?adult=maybe").error_code(), "validation_failed");
  EXPECT_EQ(client.get("/api/feed/for-you?cursor=garbage", viewer.access_token).error_code(), "validation_failed");
  EXPECT_EQ(client.get("/api/feed/for-you?limit=0", viewer.access_token).error_code(), "validation_failed");
  EXPECT_EQ(client.post("/api/admin/recs/refresh", object{}, viewer.access_token).status, 403);
}

TEST_F(Recs, for_you_follows_the_viewers_taste_and_leaves_out_what_they_finished) {
  const auto baking = cluster("baking", 8);
  const auto surfing = cluster("surfing", 8);
  const auto astronomy = cluster("astronomy", 8);
  watched(viewer.id, baking[0], 1.0, 3 * kDay);
  watched(viewer.id, baking[1], 0.95, 2 * kDay);
  watched(viewer.id, baking[2], 0.3, kDay);  // started, not finished: may come back
  refresh();

  auto first = page("/api/feed/for-you?limit=5", viewer.access_token);
  const auto& items = first.at("items").as_array();
  ASSERT_EQ(items.size(), 5u);
  for (const auto& value : items) {
    const auto& item = value.as_object();
    const std::string id(item.at("id").as_string());
    EXPECT_EQ(topic_of[id], "baking") << id;
    EXPECT_TRUE(item.at("match").is_int64());
  }
  const auto feed = walk("/api/feed/for-you", viewer.access_token);
  EXPECT_FALSE(contains(feed, baking[0]));
  EXPECT_FALSE(contains(feed, baking[1]));
  EXPECT_EQ(std::set<std::string>(feed.begin(), feed.end()).size(), feed.size()) << "a video came twice";
  // Every baking video not finished comes before any video of another topic.
  std::size_t last_baking = 0, first_other = feed.size();
  for (std::size_t i = 0; i < feed.size(); ++i) {
    if (topic_of[feed[i]] == "baking") last_baking = i;
    else first_other = std::min(first_other, i);
  }
  EXPECT_LT(last_baking, first_other);
  EXPECT_EQ(std::count_if(feed.begin(), feed.end(), [&](const std::string& id) { return topic_of[id] == "baking"; }), 6);
}

TEST_F(Recs, for_you_gives_recent_uploads_a_place) {
  const auto baking = cluster("baking", 8);
  const std::string fresh_surf = video("surfing", 0, {}, kDay / 2);  // today, another topic
  watched(viewer.id, baking[0], 1.0);
  refresh();
  const auto first = ids_of(page("/api/feed/for-you?limit=4", viewer.access_token));
  ASSERT_EQ(first.size(), 4u);
  EXPECT_EQ(first[3], fresh_surf);  // every fourth place is a recent upload's
  EXPECT_EQ(topic_of[first[0]], "baking");
}

TEST_F(Recs, anonymous_and_new_viewers_get_the_home_feed_without_a_match) {
  cluster("baking", 3);
  cluster("surfing", 3);
  const TestUser newcomer = server.register_user("newcomer");
  for (const std::string& token : {std::string(), newcomer.access_token}) {
    auto for_you = page("/api/feed/for-you?limit=50", token);
    EXPECT_EQ(ids_of(for_you), ids_of(page("/api/videos/feed?limit=50", token)));
    EXPECT_EQ(ids_of(for_you).size(), 6u);
    for (const auto& item : for_you.at("items").as_array()) {
      EXPECT_TRUE(item.as_object().at("match").is_null());
      EXPECT_TRUE(item.as_object().at("match_label").is_null());
    }
  }
  EXPECT_EQ(walk("/api/feed/for-you").size(), 6u);
}

TEST_F(Recs, the_home_feed_of_a_viewer_with_history_is_for_you) {
  const auto baking = cluster("baking", 6);
  const auto surfing = cluster("surfing", 6);
  watched(viewer.id, surfing[0], 1.0);
  refresh();
  const auto for_you = walk("/api/feed/for-you", viewer.access_token);
  const auto home = walk("/api/videos/feed", viewer.access_token);
  EXPECT_EQ(home, for_you);
  ASSERT_FALSE(home.empty());
  EXPECT_EQ(topic_of[home.front()], "surfing");
  EXPECT_FALSE(contains(home, surfing[0]));
}

TEST_F(Recs, the_index_is_rebuilt_from_the_database_at_start) {
  const auto baking = cluster("baking", 5);
  const auto surfing = cluster("surfing", 5);
  server.restart();
  // The build runs in the background after start.
  EXPECT_TRUE(eventually([&] {
    const auto ids = similar(surfing[0], "?limit=4");
    return ids.size() == 4 && std::all_of(ids.begin(), ids.end(), [&](const std::string& id) {
             return topic_of[id] == "surfing";
           });
  }));
}

}  // namespace
}  // namespace marquee::testing
