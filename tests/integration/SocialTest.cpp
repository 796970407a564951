// Ratings and comments over HTTP against the real server: counters that stay exact when a
// thousand users like at once or one user double-clicks, comments counted exactly under
// concurrent posting, comment text kept as plain text, private videos' comments never
// leaking, and a deleted video taking its comments and ratings with it.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <functional>
#include <set>
#include <thread>

#include "accounts/TokenSigner.h"
#include "core/Clock.h"
#include "core/Ids.h"
#include "core/Text.h"
#include "db/Database.h"
#include "support/SessionFixtures.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;
constexpr const char* kJwtSecret = "social-test-jwt-secret-0123456789abcdef";
constexpr int kClientThreads = 16;

// Runs task(0) … task(count - 1) on kClientThreads threads.
void in_parallel(int count, const std::function<void(int)>& task) {
  std::atomic<int> next{0};
  std::vector<std::jthread> threads;
  for (int t = 0; t < kClientThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < count; i = next++) task(i);
    });
  }
}

std::string repeat(const std::string& piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

struct Social : ::testing::Test {
  TestServer server{[](Config& c) { c.jwt_secret = kJwtSecret; }};
  const TestClient& client = server.client();
  TestUser creator = server.user_with_role("creator", "maker");
  TestUser viewer = server.register_user("viewer");
  SystemClock clock;
  accounts::TokenSigner signer{kJwtSecret, 3600, clock};

  // Accounts written straight into the database, with tokens minted for them: a thousand
  // registrations through the API would test argon2, not likes.
  std::vector<std::string> many_user_tokens(int count) {
    std::vector<accounts::Principal> people;
    for (int i = 0; i < count; ++i) {
      std::string id = new_public_id();
      people.push_back({id, "fan_" + std::to_string(i) + "_" + text::lower_ascii(id.substr(0, 6)), accounts::Role::user,
                        false});
      for (char& ch : people.back().username) {
        if (ch == '-') ch = '_';
      }
    }
    std::vector<std::string> tokens = insert_signed_in_users(server.app().database(), signer, people);
    return tokens;
  }

  std::string new_video(const std::string& visibility = "public") {
    auto r = client.post("/api/videos", object{{"title", "social"}, {"visibility", visibility}}, creator.access_token);
    if (r.status != 201) throw std::runtime_error("video create failed: " + r.body);
    return std::string(r.json().as_object()["id"].as_string());
  }

  object video(const std::string& id) { return client.get("/api/videos/" + id, creator.access_token).json().as_object(); }

  object comment(const std::string& video_id, const std::string& text, const std::string& token,
                 const std::string& parent_id = "") {
    object body{{"text", text}};
    if (!parent_id.empty()) body["parent_id"] = parent_id;
    auto r = client.post("/api/videos/" + video_id + "/comments", body, token);
    if (r.status != 201) throw std::runtime_error("comment failed: " + r.body);
    return r.json().as_object();
  }

  std::int64_t rows(const std::string& sql, const std::string& param) {
    return server.app().database().query(sql, {param}).front().i64("n");
  }

  // Every top-level comment id of a video, following the cursors.
  std::vector<std::string> all_comment_ids(const std::string& video_id, const std::string& sort) {
    std::vector<std::string> ids;
    std::string cursor;
    do {
      std::string target = "/api/videos/" + video_id + "/comments?sort=" + sort + "&limit=37";
      if (!cursor.empty()) target += "&cursor=" + cursor;
      auto page = client.get(target).json().as_object();
      for (const auto& item : page["items"].as_array()) ids.emplace_back(item.as_object().at("id").as_string());
      cursor = page["next_cursor"].is_null() ? "" : std::string(page["next_cursor"].as_string());
    } while (!cursor.empty());
    return ids;
  }
};

TEST_F(Social, a_thousand_users_liking_at_once_make_exactly_a_thousand_likes) {
  std::string id = new_video();
  auto tokens = many_user_tokens(1000);
  std::atomic<int> liked{0};
  std::atomic<int> failures{0};
  in_parallel(1000, [&](int i) {
    auto r = client.post("/api/videos/" + id + "/like", object{}, tokens[static_cast<std::size_t>(i)]);
    if (r.status == 200 && r.json().as_object()["liked"].as_bool()) {
      ++liked;
    } else {
      ++failures;
    }
  });
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(liked.load(), 1000);
  EXPECT_EQ(video(id)["likes_count"].as_int64(), 1000);
  EXPECT_EQ(rows("SELECT COUNT(*) AS n FROM video_ratings WHERE video_id = ? AND rating = 'like'", id), 1000);
}

TEST_F(Social, one_user_toggling_a_hundred_times_at_once_ends_consistent) {
  std::string id = new_video();
  std::atomic<int> failures{0};
  in_parallel(100, [&](int i) {
    auto r = i % 10 == 9 ? client.put("/api/videos/" + id + "/rating", object{{"rating", "dislike"}}, viewer.access_token)
                         : client.post("/api/videos/" + id + "/like", object{}, viewer.access_token);
    if (r.status != 200) ++failures;
  });
  EXPECT_EQ(failures.load(), 0);
  auto mine = client.get("/api/videos/" + id + "/rating", viewer.access_token).json().as_object();
  const std::string rating(mine["rating"].as_string());
  const std::int64_t like_rows = rows("SELECT COUNT(*) AS n FROM video_ratings WHERE video_id = ? AND rating = 'like'", id);
  const std::int64_t dislike_rows =
      rows("SELECT COUNT(*) AS n FROM video_ratings WHERE video_id = ? AND rating = 'dislike'", id);
  auto stored = video(id);
  EXPECT_EQ(stored["likes_count"].as_int64(), like_rows);
  EXPECT_EQ(stored["dislikes_count"].as_int64(), dislike_rows);
  EXPECT_EQ(like_rows, rating == "like" ? 1 : 0);
  EXPECT_EQ(dislike_rows, rating == "dislike" ? 1 : 0);
  EXPECT_EQ(mine["likes_count"].as_int64(), like_rows);

  // A double-click on the toggle: two requests at once, and the state still adds up.
  in_parallel(2, [&](int) { client.post("/api/videos/" + id + "/like", object{}, viewer.access_token); });
  auto after = video(id);
  EXPECT_EQ(after["likes_count"].as_int64(),
            rows("SELECT COUNT(*) AS n FROM video_ratings WHERE video_id = ? AND rating = 'like'", id));
  EXPECT_LE(after["likes_count"].as_int64() + after["dislikes_count"].as_int64(), 1);
}

TEST_F(Social, rating_routes_answer_with_the_rating_and_both_counters) {
  std::string id = new_video();
  auto put = client.put("/api/videos/" + id + "/rating", object{{"rating", "dislike"}}, viewer.access_token);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json(), boost::json::parse(R"({"rating":"dislike","likes_count":0,"dislikes_count":1})"));
  auto toggled = client.post("/api/videos/" + id + "/like", object{}, viewer.access_token);
  EXPECT_EQ(toggled.json(), boost::json::parse(R"({"liked":true,"likes_count":1})"));
  auto mine = client.get("/api/videos/" + id + "/rating", viewer.access_token);
  EXPECT_EQ(mine.json(), boost::json::parse(R"({"rating":"like","likes_count":1,"dislikes_count":0})"));
  EXPECT_EQ(client.get("/api/videos/" + id + "/rating", creator.access_token).json().as_object()["rating"], "none");

  auto bad = client.put("/api/videos/" + id + "/rating", object{{"rating", "love"}}, viewer.access_token);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().as_object()["error"].as_object()["details"].as_object()["field"], "rating");
  EXPECT_EQ(client.put("/api/videos/" + id + "/rating", object{}, viewer.access_token).status, 400);
  EXPECT_EQ(client.post("/api/videos/" + id + "/like", object{}).status, 401);

  auto liked = client.get("/api/me/liked", viewer.access_token).json().as_object();
  ASSERT_EQ(liked["items"].as_array().size(), 1u);
  EXPECT_EQ(liked["items"].as_array()[0].as_object().at("id").as_string(), id);
  EXPECT_EQ(liked["items"].as_array()[0].as_object().at("likes_count"), 1);
  EXPECT_TRUE(liked["next_cursor"].is_null());
}

TEST_F(Social, comments_posted_at_once_are_counted_exactly_and_listed_once_each) {
  std::string id = new_video();
  auto tokens = many_user_tokens(50);
  std::string top(comment(id, "first!", viewer.access_token)["id"].as_string());
  std::atomic<int> failures{0};
  in_parallel(300, [&](int i) {
    const std::string& token = tokens[static_cast<std::size_t>(i % 50)];
    object body{{"text", "comment " + std::to_string(i)}};
    if (i % 3 == 0) body["parent_id"] = top;
    // Half through the alias the mobile clients use.
    std::string path = "/api/videos/" + id + (i % 2 == 0 ? "/comments" : "/comment");
    if (client.post(path, body, token).status != 201) ++failures;
    if (i % 7 == 0 && client.post("/api/comments/" + top + "/like", object{}, token).status != 200) ++failures;
  });
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(video(id)["comments_count"].as_int64(), 301);
  EXPECT_EQ(rows("SELECT COUNT(*) AS n FROM comments WHERE video_id = ?", id), 301);
  auto first = client.get("/api/comments/" + top).json().as_object();
  EXPECT_EQ(first["replies_count"].as_int64(), 100);
  EXPECT_EQ(first["likes_count"].as_int64(), rows("SELECT COUNT(*) AS n FROM comment_likes WHERE comment_id = ?", top));

  for (const char* sort : {"newest", "top"}) {
    auto ids = all_comment_ids(id, sort);
    EXPECT_EQ(ids.size(), 201u) << sort;
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 201u) << sort;
  }
  EXPECT_EQ(all_comment_ids(id, "top").front(), top);
}

TEST_F(Social, comment_json_threads_edits_and_deletes) {
  std::string id = new_video();
  auto posted = client.post("/api/videos/" + id + "/comments", object{{"text", "hello"}}, viewer.access_token);
  ASSERT_EQ(posted.status, 201) << posted.body;
  auto c = posted.json().as_object();
  std::string cid(c["id"].as_string());
  EXPECT_EQ(*posted.headers.get("Location"), "/api/comments/" + cid);
  EXPECT_EQ(c["video_id"].as_string(), id);
  EXPECT_TRUE(c["parent_id"].is_null());
  EXPECT_EQ(c["author"].as_object()["id"].as_string(), viewer.id);
  EXPECT_EQ(c["author"].as_object()["username"].as_string(), viewer.username);
  EXPECT_EQ(c["text"], "hello");
  EXPECT_EQ(c["likes_count"], 0);
  EXPECT_EQ(c["replies_count"], 0);
  EXPECT_EQ(c["edited"], false);
  EXPECT_EQ(c["liked_by_me"], false);
  EXPECT_TRUE(parse_rfc3339(std::string(c["created_at"].as_string())).has_value());
  EXPECT_TRUE(parse_rfc3339(std::string(c["updated_at"].as_string())).has_value());
  EXPECT_FALSE(client.get("/api/comments/" + cid).json().as_object().contains("liked_by_me"));

  // Replies come oldest first; two posted within the same millisecond tie and keep a
  // stable order by id, so the test checks the order by time and that each shows once.
  std::set<std::string> reply_ids;
  for (int i = 0; i < 5; ++i) reply_ids.insert(std::string(comment(id, "reply", creator.access_token, cid)["id"].as_string()));
  auto page = client.get("/api/comments/" + cid + "/replies?limit=3").json().as_object();
  ASSERT_EQ(page["items"].as_array().size(), 3u);
  EXPECT_EQ(page["items"].as_array()[0].as_object().at("parent_id").as_string(), cid);
  auto rest = client.get("/api/comments/" + cid + "/replies?limit=3&cursor=" + std::string(page["next_cursor"].as_string()))
                  .json()
                  .as_object();
  ASSERT_EQ(rest["items"].as_array().size(), 2u);
  EXPECT_TRUE(rest["next_cursor"].is_null());
  std::vector<std::string> times;
  std::set<std::string> listed;
  for (const auto* items : {&page["items"].as_array(), &rest["items"].as_array()}) {
    for (const auto& item : *items) {
      times.emplace_back(item.as_object().at("created_at").as_string());
      listed.insert(std::string(item.as_object().at("id").as_string()));
    }
  }
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
  EXPECT_EQ(listed, reply_ids);
  EXPECT_EQ(client.get("/api/videos/" + id + "/comments?limit=0").status, 400);
  EXPECT_EQ(client.get("/api/videos/" + id + "/comments?limit=ten").status, 400);
  EXPECT_EQ(client.get("/api/videos/" + id + "/comments?cursor=forged").status, 400);
  EXPECT_EQ(client.get("/api/videos/" + id + "/comments?sort=random").status, 400);

  EXPECT_EQ(client.patch("/api/comments/" + cid, object{{"text", "hijack"}}, creator.access_token).status, 403);
  auto edited = client.patch("/api/comments/" + cid, object{{"text", "hello, edited"}}, viewer.access_token);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.json().as_object()["edited"], true);
  EXPECT_EQ(edited.json().as_object()["text"], "hello, edited");

  auto like = client.post("/api/comments/" + cid + "/like", object{}, creator.access_token);
  EXPECT_EQ(like.json(), boost::json::parse(R"({"liked":true,"likes_count":1})"));
  EXPECT_EQ(client.get("/api/comments/" + cid, creator.access_token).json().as_object()["liked_by_me"], true);

  auto stranger = server.register_user("stranger");
  EXPECT_EQ(client.del("/api/comments/" + cid, stranger.access_token).status, 403);
  EXPECT_EQ(client.del("/api/comments/" + cid, creator.access_token).status, 204);  // the video's owner
  EXPECT_EQ(client.get("/api/comments/" + cid).status, 404);
  EXPECT_EQ(video(id)["comments_count"].as_int64(), 0);
}

TEST_F(Social, comment_text_is_plain_unicode_text_within_limits) {
  std::string id = new_video();
  const std::vector<std::string> kept = {
      "<script>alert(\"pwned\")</script><img src=x onerror=alert(1)> &lt;b&gt;",
      "東京の夜景 — 夜の散歩 👨‍👩‍👧 Cafe\u0301 مرحبا",
      repeat("😀", 5000),
      "line one\nline two\ttabbed",
  };
  for (const auto& text : kept) {
    auto r = client.post("/api/videos/" + id + "/comments", object{{"text", text}}, viewer.access_token);
    ASSERT_EQ(r.status, 201) << r.body.substr(0, 200);
    EXPECT_EQ(*r.headers.get("Content-Type"), "application/json");
    std::string cid(r.json().as_object()["id"].as_string());
    std::string nfc = text;  // the one decomposed "é" comes back composed
    if (auto at = nfc.find("e\u0301"); at != std::string::npos) nfc.replace(at, 3, "\u00E9");
    EXPECT_EQ(client.get("/api/comments/" + cid).json().as_object()["text"].as_string(), nfc);
  }
  EXPECT_EQ(client.post("/api/videos/" + id + "/comments", object{{"text", "a\r\nb"}}, viewer.access_token)
                .json()
                .as_object()["text"],
            "a\nb");

  const std::vector<boost::json::value> refused = {
      boost::json::value(""),       boost::json::value("   "),  boost::json::value(repeat("é", 5001)),
      boost::json::value("bell\x07"), boost::json::value(std::string("nul\0x", 5)), boost::json::value(42),
      boost::json::value(nullptr)};
  for (const auto& text : refused) {
    auto r = client.post("/api/videos/" + id + "/comments", object{{"text", text}}, viewer.access_token);
    EXPECT_EQ(r.status, 400) << boost::json::serialize(text).substr(0, 60);
    EXPECT_EQ(r.json().as_object()["error"].as_object()["details"].as_object()["field"], "text");
  }
  auto raw = client.request("POST", "/api/videos/" + id + "/comments", "{\"text\":\"bad \xff byte\"}",
                            {{"Authorization", "Bearer " + viewer.access_token}});
  EXPECT_EQ(raw.status, 400);
  EXPECT_EQ(video(id)["comments_count"].as_int64(), static_cast<std::int64_t>(kept.size() + 1));
}

TEST_F(Social, private_video_comments_never_leak) {
  std::string id = new_video("private");
  std::string cid(comment(id, "the secret plan", creator.access_token)["id"].as_string());
  std::string rid(comment(id, "reply to the plan", creator.access_token, cid)["id"].as_string());
  auto stranger = viewer.access_token;
  for (const std::string& token : {std::string(), stranger}) {
    for (const std::string& target : {"/api/videos/" + id + "/comments", "/api/comments/" + cid,
                                      "/api/comments/" + cid + "/replies", "/api/comments/" + rid}) {
      auto r = client.get(target, token);
      EXPECT_EQ(r.status, 404) << target;
      EXPECT_EQ(r.body.find("secret"), std::string::npos);
    }
  }
  EXPECT_EQ(client.post("/api/videos/" + id + "/comments", object{{"text", "hi"}}, stranger).status, 404);
  EXPECT_EQ(client.post("/api/comments/" + cid + "/like", object{}, stranger).status, 404);
  EXPECT_EQ(client.patch("/api/comments/" + cid, object{{"text", "x"}}, stranger).status, 404);
  EXPECT_EQ(client.del("/api/comments/" + cid, stranger).status, 404);
  EXPECT_EQ(client.post("/api/videos/" + id + "/like", object{}, stranger).status, 404);
  EXPECT_EQ(client.get("/api/videos/" + id + "/rating", stranger).status, 404);
  EXPECT_EQ(client.get("/api/videos/" + id + "/comments", creator.access_token).status, 200);

  // Liked while public, then made private: gone from the viewer's likes.
  std::string was_public = new_video();
  client.post("/api/videos/" + was_public + "/like", object{}, stranger);
  ASSERT_EQ(client.get("/api/me/liked", stranger).json().as_object()["items"].as_array().size(), 1u);
  client.patch("/api/videos/" + was_public, object{{"visibility", "private"}}, creator.access_token);
  EXPECT_TRUE(client.get("/api/me/liked", stranger).json().as_object()["items"].as_array().empty());
  EXPECT_EQ(client.get("/api/me/liked", creator.access_token).status, 200);
}

TEST_F(Social, a_deleted_video_takes_its_comments_and_ratings_with_it) {
  std::string id = new_video();
  std::string cid(comment(id, "soon gone", viewer.access_token)["id"].as_string());
  comment(id, "reply", creator.access_token, cid);
  client.post("/api/comments/" + cid + "/like", object{}, creator.access_token);
  client.post("/api/videos/" + id + "/like", object{}, viewer.access_token);
  client.put("/api/videos/" + id + "/rating", object{{"rating", "dislike"}}, creator.access_token);

  ASSERT_EQ(client.del("/api/videos/" + id, creator.access_token).status, 204);
  EXPECT_EQ(client.get("/api/comments/" + cid).status, 404);
  EXPECT_EQ(client.get("/api/videos/" + id + "/comments").status, 404);
  EXPECT_EQ(rows("SELECT COUNT(*) AS n FROM comments WHERE video_id = ?", id), 0);
  EXPECT_EQ(rows("SELECT COUNT(*) AS n FROM video_ratings WHERE video_id = ?", id), 0);
  EXPECT_EQ(rows("SELECT COUNT(*) AS n FROM comment_likes WHERE comment_id = ?", cid), 0);
  EXPECT_TRUE(client.get("/api/me/liked", viewer.access_token).json().as_object()["items"].as_array().empty());
}

TEST_F(Social, deleting_an_account_moves_every_counter_it_fed_back) {
  std::string id = new_video();
  auto leaver = server.register_user("leaver");
  std::string kept(comment(id, "staying", viewer.access_token)["id"].as_string());
  std::string gone(comment(id, "leaving soon", leaver.access_token)["id"].as_string());
  comment(id, "reply under the leaver", viewer.access_token, gone);
  comment(id, "the leaver replies", leaver.access_token, kept);
  client.post("/api/comments/" + kept + "/like", object{}, leaver.access_token);
  client.post("/api/videos/" + id + "/like", object{}, leaver.access_token);
  client.post("/api/videos/" + id + "/like", object{}, viewer.access_token);
  std::string other = new_video();
  client.put("/api/videos/" + other + "/rating", object{{"rating", "dislike"}}, leaver.access_token);

  auto deleted = client.request("DELETE", "/api/me", boost::json::serialize(object{{"password", leaver.password}}),
                                {{"Authorization", "Bearer " + leaver.access_token}});
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  auto stored = video(id);
  EXPECT_EQ(stored["likes_count"].as_int64(), 1);
  EXPECT_EQ(stored["comments_count"].as_int64(), 1);
  EXPECT_EQ(stored["comments_count"].as_int64(), rows("SELECT COUNT(*) AS n FROM comments WHERE video_id = ?", id));
  auto staying = client.get("/api/comments/" + kept).json().as_object();
  EXPECT_EQ(staying["likes_count"].as_int64(), 0);
  EXPECT_EQ(staying["replies_count"].as_int64(), 0);
  EXPECT_EQ(video(other)["dislikes_count"].as_int64(), 0);
}

}  // namespace
}  // namespace marquee::testing
