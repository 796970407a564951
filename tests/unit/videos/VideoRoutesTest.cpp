// The /api/videos routes through the real request pipeline and a real SQLite database:
// status codes, the JSON a client receives, and how query strings are read.
#include <gtest/gtest.h>

#include "events/InProcessEventBus.h"

#include <boost/json/parse.hpp>

#include <filesystem>

#include "accounts/RequestAuth.h"
#include "support/SessionFixtures.h"
#include "accounts/TokenSigner.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "http/Metrics.h"
#include "http/RequestPipeline.h"
#include "support/TestDatabase.h"
#include "videos/VideoRoutes.h"

namespace marquee::videos {
namespace {

namespace bj = boost::json;

class VideoRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = marquee::testing::make_temp_dir("marquee-video-routes");
    db_ = db::open_database(marquee::testing::fresh_database_url(dir_), {});
    db::run_migrations(*db_);
    alice_token_ = marquee::testing::insert_signed_in_user(*db_, signer_,
                                                           {"aliceaaaaaaa", "alice", accounts::Role::user, false});
    bob_token_ = marquee::testing::insert_signed_in_user(*db_, signer_, {"bobbbbbbbbbb", "bob", accounts::Role::user, false});
    sessions_ = std::make_unique<accounts::ActiveSessions>(*db_, clock_, 1000, bus_);
    age_gate_ = std::make_unique<marquee::testing::AgeGateParts>(*db_, clock_, bus_);
    auth_ = std::make_unique<accounts::RequestAuth>(signer_, *sessions_, origins_, age_gate_->gate);
    videos_ = std::make_unique<VideoService>(*db_, clock_, bus_);
    register_video_routes(router_, *videos_, *auth_);
    pipeline_ = std::make_unique<http::RequestPipeline>(router_, metrics_, http::PipelineOptions{});
  }

  void TearDown() override {
    pipeline_.reset();
    videos_.reset();
    auth_.reset();
    age_gate_.reset();
    sessions_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  http::Response call(http::Method method, const std::string& target, const std::string& token = "",
                      const std::string& body = "") {
    http::Request request;
    request.method = method;
    request.target = target;
    EXPECT_TRUE(request.parse_target()) << target;
    if (!token.empty()) request.headers.set("Authorization", "Bearer " + token);
    if (!body.empty()) request.headers.set("Content-Type", "application/json");
    request.body = body;
    return pipeline_->handle(request);
  }

  static bj::object json_of(const http::Response& response) { return bj::parse(response.body).as_object(); }
  static std::string error_code(const http::Response& response) {
    return std::string(json_of(response).at("error").at("code").as_string());
  }

  std::string dir_;
  std::unique_ptr<db::Database> db_;
  ManualClock clock_{1'767'225'600'000};
  events::InProcessEventBus bus_{"test-node"};  // 2026-01-01T00:00:00Z
  accounts::TokenSigner signer_{"test-secret-test-secret-test-secret", 3600, clock_};
  http::OriginPolicy origins_{{"*"}};
  std::unique_ptr<accounts::ActiveSessions> sessions_;
  std::unique_ptr<marquee::testing::AgeGateParts> age_gate_;
  std::unique_ptr<accounts::RequestAuth> auth_;
  std::unique_ptr<VideoService> videos_;
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::RequestPipeline> pipeline_;
  std::string alice_token_, bob_token_;
};

TEST_F(VideoRoutesTest, creating_a_video_returns_201_with_the_video_json) {
  auto response = call(http::Method::POST, "/api/videos", alice_token_,
                       R"({"title":" Hello 🌍 ","tags":["A","a","B"],"visibility":"unlisted","surprise":1})");
  ASSERT_EQ(response.status, 201) << response.body;
  auto video = json_of(response);
  std::string id(video.at("id").as_string());
  EXPECT_EQ(response.headers.get("Location"), "/api/videos/" + id);
  EXPECT_EQ(video.at("title"), "Hello 🌍");
  EXPECT_EQ(video.at("owner").as_object().at("id"), "aliceaaaaaaa");
  EXPECT_EQ(video.at("owner").as_object().at("username"), "alice");
  EXPECT_EQ(video.at("tags"), (bj::array{"a", "b"}));
  EXPECT_EQ(video.at("visibility"), "unlisted");
  EXPECT_EQ(video.at("status"), "draft");
  EXPECT_EQ(video.at("is_premium"), false);
  EXPECT_EQ(video.at("is_adult"), false);
  EXPECT_EQ(video.at("description"), "");
  EXPECT_EQ(video.at("category"), "");
  for (const char* counter : {"duration_ms", "width", "height", "views_count", "likes_count", "dislikes_count",
                              "comments_count"}) {
    EXPECT_EQ(video.at(counter), 0) << counter;
  }
  EXPECT_EQ(video.at("created_at"), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(video.at("updated_at"), "2026-01-01T00:00:00.000Z");
  EXPECT_TRUE(video.at("failure_reason").is_null());  // only a failed video says why

  auto fetched = call(http::Method::GET, "/api/videos/" + id);
  ASSERT_EQ(fetched.status, 200);
  EXPECT_EQ(json_of(fetched), video);
}

TEST_F(VideoRoutesTest, writes_need_a_signed_in_user) {
  EXPECT_EQ(call(http::Method::POST, "/api/videos", "", R"({"title":"x"})").status, 401);
  EXPECT_EQ(call(http::Method::POST, "/api/videos", "garbage", R"({"title":"x"})").status, 401);
  EXPECT_EQ(call(http::Method::PATCH, "/api/videos/AAAAAAAAAAAA", "", R"({"title":"x"})").status, 401);
  EXPECT_EQ(call(http::Method::DELETE, "/api/videos/AAAAAAAAAAAA").status, 401);
}

TEST_F(VideoRoutesTest, malformed_bodies_are_400) {
  auto syntax = call(http::Method::POST, "/api/videos", alice_token_, R"({"title":)");
  EXPECT_EQ(syntax.status, 400);
  EXPECT_EQ(error_code(syntax), "bad_request");

  auto wrong_type = call(http::Method::POST, "/api/videos", alice_token_, R"({"title":"x","tags":"music"})");
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_EQ(error_code(wrong_type), "validation_failed");
  EXPECT_EQ(json_of(wrong_type).at("error").at("details").at("field"), "tags");

  auto missing = call(http::Method::POST, "/api/videos", alice_token_, R"({"description":"no title"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(json_of(missing).at("error").at("details").at("field"), "title");
}

TEST_F(VideoRoutesTest, patch_and_delete_answer_as_the_rules_say) {
  auto created = json_of(call(http::Method::POST, "/api/videos", alice_token_, R"({"title":"mine"})"));
  std::string path = "/api/videos/" + std::string(created.at("id").as_string());

  EXPECT_EQ(call(http::Method::PATCH, path, bob_token_, R"({"title":"theirs"})").status, 403);
  auto patched = call(http::Method::PATCH, path, alice_token_, R"({"title":"renamed","is_premium":true})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json_of(patched).at("title"), "renamed");
  EXPECT_EQ(json_of(patched).at("is_premium"), true);

  EXPECT_EQ(call(http::Method::DELETE, path, bob_token_).status, 403);
  auto deleted = call(http::Method::DELETE, path, alice_token_);
  EXPECT_EQ(deleted.status, 204);
  EXPECT_TRUE(deleted.body.empty());
  EXPECT_EQ(call(http::Method::GET, path).status, 404);
}

TEST_F(VideoRoutesTest, list_pages_with_next_cursor_until_null) {
  for (int i = 0; i < 3; ++i) {
    auto created = json_of(call(http::Method::POST, "/api/videos", alice_token_,
                                R"({"title":"v)" + std::to_string(i) + R"(","tags":["Demo"]})"));
    db_->execute("UPDATE videos SET status = 'ready' WHERE id = ?", {std::string(created.at("id").as_string())});
    clock_.advance(1);
  }
  auto first = call(http::Method::GET, "/api/videos?limit=2&tag=DEMO&channel=alice");
  ASSERT_EQ(first.status, 200) << first.body;
  auto page = json_of(first);
  ASSERT_EQ(page.at("items").as_array().size(), 2u);
  EXPECT_EQ(page.at("items").as_array()[0].at("title"), "v2");
  ASSERT_TRUE(page.at("next_cursor").is_string());

  auto second = json_of(call(http::Method::GET, "/api/videos?limit=2&tag=DEMO&channel=alice&cursor=" +
                                                   std::string(page.at("next_cursor").as_string())));
  ASSERT_EQ(second.at("items").as_array().size(), 1u);
  EXPECT_EQ(second.at("items").as_array()[0].at("title"), "v0");
  EXPECT_TRUE(second.at("next_cursor").is_null());
}

TEST_F(VideoRoutesTest, hostile_query_strings_are_400) {
  for (const char* target : {"/api/videos?limit=abc", "/api/videos?limit=0", "/api/videos?limit=1000",
                             "/api/videos?limit=99999999999999999999", "/api/videos?limit=1e3", "/api/videos?limit=-1",
                             "/api/videos?cursor=%00%01", "/api/videos?cursor=bm90LWEtY3Vyc29y"}) {
    auto response = call(http::Method::GET, target);
    EXPECT_EQ(response.status, 400) << target << " " << response.body;
    EXPECT_EQ(error_code(response), "validation_failed") << target;
  }
}

TEST_F(VideoRoutesTest, every_route_is_documented_under_the_videos_tag) {
  int documented = 0;
  for (const auto& route : router_.routes()) {
    if (!route.pattern.starts_with("/api/videos")) continue;
    EXPECT_EQ(route.doc.tag, "videos") << route.pattern;
    EXPECT_FALSE(route.doc.summary.empty()) << route.pattern;
    ++documented;
  }
  EXPECT_EQ(documented, 5);
}

}  // namespace
}  // namespace marquee::videos
