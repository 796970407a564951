// Playlists over HTTP, as a client app uses them: building and ordering a playlist, Watch
// later and Saved, concurrent edits from many clients, and the private playlists and
// videos that must never show up for anyone else.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <atomic>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "db/Database.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

struct Playlists : ::testing::Test {
  TestServer server;
  const TestClient& client = server.client();

  // A video of `owner`'s, published (ready) unless told otherwise.
  std::string video(const TestUser& owner, const std::string& visibility = "public") {
    auto r = client.post("/api/videos", object{{"title", "clip"}, {"visibility", visibility}}, owner.access_token);
    if (r.status != 201) throw std::runtime_error("video create failed: " + r.body);
    std::string id = str(r.json().as_object()["id"]);
    server.app().database().execute("UPDATE videos SET status = 'ready' WHERE id = ?", {id});
    return id;
  }

  std::string playlist(const TestUser& owner, const std::string& visibility, const std::string& title = "list") {
    auto r = client.post("/api/playlists", object{{"title", title}, {"visibility", visibility}}, owner.access_token);
    if (r.status != 201) throw std::runtime_error("playlist create failed: " + r.body);
    return str(r.json().as_object()["id"]);
  }

  void add(const TestUser& owner, const std::string& playlist_id, const std::string& video_id) {
    auto r = client.post("/api/playlists/" + playlist_id + "/items", object{{"video_id", video_id}},
                         owner.access_token);
    if (r.status != 201) throw std::runtime_error("add failed: " + r.body);
  }

  // Every item the token's user sees, following next_cursor, as (video id, position).
  std::vector<std::pair<std::string, std::int64_t>> items(const std::string& playlist_id, const std::string& token,
                                                          int limit = 7) {
    std::vector<std::pair<std::string, std::int64_t>> out;
    std::string cursor;
    for (;;) {
      std::string target = "/api/playlists/" + playlist_id + "/items?limit=" + std::to_string(limit);
      if (!cursor.empty()) target += "&cursor=" + cursor;
      auto r = client.get(target, token);
      if (r.status != 200) throw std::runtime_error("items failed: " + std::to_string(r.status) + " " + r.body);
      auto page = r.json().as_object();
      for (const auto& item : page["items"].as_array()) {
        const auto& o = item.as_object();
        out.emplace_back(str(o.at("video").as_object().at("id")), o.at("position").as_int64());
      }
      if (page["next_cursor"].is_null()) return out;
      cursor = str(page["next_cursor"]);
    }
  }
};

TEST_F(Playlists, a_playlist_is_built_ordered_and_deleted_over_http) {
  auto owner = server.register_user("curator");
  auto v1 = video(owner), v2 = video(owner), v3 = video(owner);

  auto created = client.post("/api/playlists", object{{"title", " Favourites "}, {"description", "best of"}},
                             owner.access_token);
  ASSERT_EQ(created.status, 201) << created.body;
  auto body = created.json().as_object();
  std::string id = str(body["id"]);
  EXPECT_EQ(*created.headers.get("Location"), "/api/playlists/" + id);
  EXPECT_EQ(body["title"].as_string(), "Favourites");
  EXPECT_EQ(body["visibility"].as_string(), "private");
  EXPECT_EQ(body["kind"].as_string(), "user");
  EXPECT_EQ(body["owner"].as_object()["username"].as_string(), owner.username);

  auto first = client.post("/api/playlists/" + id + "/items", object{{"video_id", v1}}, owner.access_token);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.json().as_object()["position"].as_int64(), 0);
  EXPECT_EQ(first.json().as_object()["video"].as_object()["id"].as_string(), v1);
  EXPECT_EQ(client.post("/api/playlists/" + id + "/items", object{{"video_id", v1}}, owner.access_token).status, 200);
  add(owner, id, v2);
  auto front = client.post("/api/playlists/" + id + "/items", object{{"video_id", v3}, {"position", 0}},
                           owner.access_token);
  ASSERT_EQ(front.status, 201);
  EXPECT_EQ(front.json().as_object()["position"].as_int64(), 0);
  EXPECT_EQ(items(id, owner.access_token), (std::vector<std::pair<std::string, std::int64_t>>{{v3, 0}, {v1, 1}, {v2, 2}}));

  auto moved = client.put("/api/playlists/" + id + "/items/" + v3 + "/position", object{{"position", 50}},
                          owner.access_token);
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json().as_object()["position"].as_int64(), 2);
  EXPECT_EQ(client.put("/api/playlists/" + id + "/items/" + v3 + "/position", object{{"position", -1}},
                       owner.access_token)
                .status,
            400);
  EXPECT_EQ(client.put("/api/playlists/" + id + "/items/" + v3 + "/position", object{{"position", "first"}},
                       owner.access_token)
                .status,
            400);
  EXPECT_EQ(client.put("/api/playlists/" + id + "/items/" + v3 + "/position", object{}, owner.access_token).status,
            400);

  auto whole = client.get("/api/playlists/" + id + "?limit=2", owner.access_token);
  ASSERT_EQ(whole.status, 200);
  auto with_items = whole.json().as_object();
  EXPECT_EQ(with_items["item_count"].as_int64(), 3);
  ASSERT_EQ(with_items["items"].as_array().size(), 2u);
  EXPECT_EQ(with_items["items"].as_array()[0].as_object()["video"].as_object()["id"].as_string(), v1);
  ASSERT_TRUE(with_items["items_next_cursor"].is_string());
  auto rest = client.get("/api/playlists/" + id + "/items?cursor=" + str(with_items["items_next_cursor"]),
                         owner.access_token);
  ASSERT_EQ(rest.json().as_object()["items"].as_array().size(), 1u);
  EXPECT_EQ(rest.json().as_object()["items"].as_array()[0].as_object()["video"].as_object()["id"].as_string(), v3);

  auto patched = client.patch("/api/playlists/" + id, object{{"title", "Renamed"}, {"visibility", "public"}},
                              owner.access_token);
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json().as_object()["title"].as_string(), "Renamed");
  EXPECT_EQ(client.patch("/api/playlists/" + id, object{{"title", ""}}, owner.access_token).status, 400);
  EXPECT_EQ(client.post("/api/playlists", object{{"description", "no title"}}, owner.access_token).status, 400);
  EXPECT_EQ(client.request("POST", "/api/playlists", "{not json", {{"Authorization", "Bearer " + owner.access_token}})
                .status,
            400);

  EXPECT_EQ(client.del("/api/playlists/" + id + "/items/" + v1, owner.access_token).status, 204);
  EXPECT_EQ(client.del("/api/playlists/" + id + "/items/" + v1, owner.access_token).status, 204);
  EXPECT_EQ(items(id, owner.access_token), (std::vector<std::pair<std::string, std::int64_t>>{{v2, 0}, {v3, 1}}));
  EXPECT_EQ(client.del("/api/playlists/" + id, owner.access_token).status, 204);
  EXPECT_EQ(client.get("/api/playlists/" + id, owner.access_token).status, 404);
}

TEST_F(Playlists, concurrent_adds_and_moves_from_eight_clients_keep_a_permutation) {
  auto owner = server.register_user("busy");
  constexpr int kThreads = 8;
  constexpr int kAddsPerThread = 4;
  constexpr int kMovesPerThread = 8;
  std::vector<std::string> initial;
  for (int i = 0; i < 12; ++i) initial.push_back(video(owner));
  std::vector<std::vector<std::string>> to_add(kThreads);
  for (auto& batch : to_add) {
    for (int i = 0; i < kAddsPerThread; ++i) batch.push_back(video(owner));
  }
  std::string id = playlist(owner, "public");
  for (const auto& v : initial) add(owner, id, v);

  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 random(static_cast<unsigned>(t) * 7919u + 1u);
      for (int i = 0; i < kMovesPerThread; ++i) {
        const std::string& v = initial[random() % initial.size()];
        auto r = client.put("/api/playlists/" + id + "/items/" + v + "/position",
                            object{{"position", static_cast<std::int64_t>(random() % 50)}}, owner.access_token);
        if (r.status != 200) ++failures;
        if (i % 2 == 0) {
          auto a = client.post("/api/playlists/" + id + "/items",
                               object{{"video_id", to_add[t][static_cast<std::size_t>(i / 2)]},
                                      {"position", static_cast<std::int64_t>(random() % 40)}},
                               owner.access_token);
          if (a.status != 201) ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);

  auto listed = items(id, owner.access_token, 10);
  const std::size_t expected = initial.size() + kThreads * kAddsPerThread;
  ASSERT_EQ(listed.size(), expected);
  std::set<std::string> unique;
  for (std::size_t i = 0; i < listed.size(); ++i) {
    EXPECT_EQ(listed[i].second, static_cast<std::int64_t>(i));
    unique.insert(listed[i].first);
  }
  EXPECT_EQ(unique.size(), expected);
  for (const auto& v : initial) EXPECT_EQ(unique.count(v), 1u);
  for (const auto& batch : to_add) {
    for (const auto& v : batch) EXPECT_EQ(unique.count(v), 1u);
  }
  EXPECT_EQ(client.get("/api/playlists/" + id, owner.access_token).json().as_object()["item_count"].as_int64(),
            static_cast<std::int64_t>(expected));
}

TEST_F(Playlists, watch_later_and_saved_are_private_fixed_and_created_on_first_use) {
  auto me = server.register_user("viewer");
  auto creator = server.register_user("creator");
  auto clip = video(creator), other = video(creator);

  EXPECT_EQ(client.post("/api/me/watch-later", object{{"video_id", clip}}, me.access_token).status, 201);
  EXPECT_EQ(client.post("/api/me/watch-later", object{{"video_id", clip}}, me.access_token).status, 200);
  auto saved = client.post("/api/me/saved", object{{"video_id", other}}, me.access_token);
  ASSERT_EQ(saved.status, 201) << saved.body;
  EXPECT_EQ(client.post("/api/me/saved", object{}, me.access_token).status, 400);
  EXPECT_EQ(client.post("/api/me/saved", object{{"video_id", "nosuchvideo0"}}, me.access_token).status, 404);
  EXPECT_EQ(client.post("/api/me/saved", object{{"video_id", clip}}).status, 401);

  auto mine = client.get("/api/me/playlists", me.access_token);
  ASSERT_EQ(mine.status, 200) << mine.body;
  auto body = mine.json().as_object();
  std::string watch_later = str(body["system"].as_object()["watch_later"]);
  std::string saved_id = str(body["system"].as_object()["saved"]);
  EXPECT_EQ(saved_id, str(saved.json().as_object()["playlist_id"]));
  const auto& listed = body["items"].as_array();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].as_object().at("id").as_string(), watch_later);
  EXPECT_EQ(listed[0].as_object().at("kind").as_string(), "watch_later");
  EXPECT_EQ(listed[0].as_object().at("title").as_string(), "Watch later");
  EXPECT_EQ(listed[0].as_object().at("visibility").as_string(), "private");
  EXPECT_EQ(listed[0].as_object().at("item_count").as_int64(), 1);
  EXPECT_EQ(listed[1].as_object().at("kind").as_string(), "saved");
  EXPECT_EQ(str(client.get("/api/me/playlists", me.access_token).json().as_object()["system"].as_object()["saved"]),
            saved_id);

  EXPECT_EQ(client.patch("/api/playlists/" + watch_later, object{{"title", "Later"}}, me.access_token).status, 403);
  EXPECT_EQ(client.patch("/api/playlists/" + saved_id, object{{"visibility", "public"}}, me.access_token).status, 403);
  EXPECT_EQ(client.del("/api/playlists/" + watch_later, me.access_token).status, 403);
  EXPECT_EQ(client.get("/api/playlists/" + watch_later, creator.access_token).status, 404);
  EXPECT_EQ(items(watch_later, me.access_token), (std::vector<std::pair<std::string, std::int64_t>>{{clip, 0}}));
  // The system playlists work with the ordinary item routes too.
  add(me, watch_later, other);
  EXPECT_EQ(client.del("/api/playlists/" + watch_later + "/items/" + clip, me.access_token).status, 204);
  EXPECT_EQ(items(watch_later, me.access_token), (std::vector<std::pair<std::string, std::int64_t>>{{other, 0}}));
}

TEST_F(Playlists, private_playlists_and_private_videos_never_leak_to_strangers) {
  auto owner = server.register_user("secretive");
  auto stranger = server.register_user("nosy");
  auto moderator = server.user_with_role("moderator", "mod");
  auto open_video = video(owner, "public");
  auto private_video = video(owner, "private");
  auto unlisted_video = video(owner, "unlisted");
  auto open_list = playlist(owner, "public", "open list");
  auto hidden_list = playlist(owner, "private", "hidden list");
  auto link_list = playlist(owner, "unlisted", "link list");
  for (const auto& v : {open_video, private_video, unlisted_video}) add(owner, open_list, v);
  add(owner, hidden_list, open_video);

  for (const std::string& token : {std::string(), stranger.access_token}) {
    auto lists = client.get("/api/users/" + owner.username + "/playlists", token);
    ASSERT_EQ(lists.status, 200);
    ASSERT_EQ(lists.json().as_object()["items"].as_array().size(), 1u);
    EXPECT_EQ(lists.json().as_object()["items"].as_array()[0].as_object()["id"].as_string(), open_list);
    EXPECT_EQ(lists.body.find(hidden_list), std::string::npos);
    EXPECT_EQ(lists.body.find(link_list), std::string::npos);

    auto open = client.get("/api/playlists/" + open_list, token);
    ASSERT_EQ(open.status, 200);
    EXPECT_EQ(open.json().as_object()["item_count"].as_int64(), 2);
    EXPECT_EQ(open.body.find(private_video), std::string::npos);
    EXPECT_EQ(items(open_list, token, 1),
              (std::vector<std::pair<std::string, std::int64_t>>{{open_video, 0}, {unlisted_video, 1}}));
    auto item_page = client.get("/api/playlists/" + open_list + "/items", token);
    EXPECT_EQ(item_page.body.find(private_video), std::string::npos);

    EXPECT_EQ(client.get("/api/playlists/" + hidden_list, token).status, 404);
    EXPECT_EQ(client.get("/api/playlists/" + hidden_list + "/items", token).status, 404);
    EXPECT_EQ(client.get("/api/playlists/" + link_list, token).status, 200);

    auto channel_videos = client.get("/api/users/" + owner.username + "/videos", token);
    ASSERT_EQ(channel_videos.status, 200);
    ASSERT_EQ(channel_videos.json().as_object()["items"].as_array().size(), 1u);
    EXPECT_EQ(channel_videos.body.find(private_video), std::string::npos);
    EXPECT_EQ(channel_videos.body.find(unlisted_video), std::string::npos);
  }
  EXPECT_EQ(client.post("/api/playlists/" + hidden_list + "/items", object{{"video_id", open_video}},
                        stranger.access_token)
                .status,
            404);
  auto theirs = playlist(stranger, "public");
  EXPECT_EQ(client.post("/api/playlists/" + theirs + "/items", object{{"video_id", private_video}},
                        stranger.access_token)
                .status,
            404);

  // Moderators take down public playlists but never see private ones.
  EXPECT_EQ(client.get("/api/playlists/" + hidden_list, moderator.access_token).status, 404);
  EXPECT_EQ(client.del("/api/playlists/" + hidden_list, moderator.access_token).status, 404);
  EXPECT_EQ(client.patch("/api/playlists/" + open_list, object{{"title", "x"}}, moderator.access_token).status, 403);
  EXPECT_EQ(client.del("/api/playlists/" + open_list, moderator.access_token).status, 204);

  auto own = client.get("/api/users/" + owner.username + "/playlists", owner.access_token);
  EXPECT_EQ(own.json().as_object()["items"].as_array().size(), 2u);  // hidden and link lists remain
  EXPECT_EQ(items(hidden_list, owner.access_token), (std::vector<std::pair<std::string, std::int64_t>>{{open_video, 0}}));
}

TEST_F(Playlists, deleting_a_video_takes_it_out_of_every_playlist) {
  auto owner = server.register_user("owner");
  auto fan = server.register_user("fan");
  auto a = video(owner), b = video(owner), c = video(owner);
  auto mine = playlist(owner, "public");
  auto theirs = playlist(fan, "private");
  for (const auto& v : {a, b, c}) {
    add(owner, mine, v);
    add(fan, theirs, v);
  }
  ASSERT_EQ(client.del("/api/videos/" + b, owner.access_token).status, 204);
  EXPECT_EQ(items(mine, owner.access_token), (std::vector<std::pair<std::string, std::int64_t>>{{a, 0}, {c, 1}}));
  EXPECT_EQ(items(theirs, fan.access_token), (std::vector<std::pair<std::string, std::int64_t>>{{a, 0}, {c, 1}}));
  auto count = server.app().database().query("SELECT COUNT(*) AS n FROM playlist_items WHERE video_id = ?", {b});
  EXPECT_EQ(count.front().i64("n"), 0);
}

}  // namespace
}  // namespace marquee::testing
