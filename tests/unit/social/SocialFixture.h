#pragma once
// A real database (SQLite in a temp dir by default) with the video, rating and comment
// services over it, a few accounts of each role, and a check that every social counter
// equals the rows it counts.
#include <gtest/gtest.h>

#include "events/InProcessEventBus.h"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/Clock.h"
#include "core/Error.h"
#include "core/Text.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "social/CommentService.h"
#include "social/RatingService.h"
#include "support/DomainFixtures.h"
#include "support/TestDatabase.h"
#include "videos/VideoService.h"

namespace marquee::social {

using accounts::Caller;
using accounts::Principal;
using accounts::Role;
using marquee::testing::error_from;
using marquee::testing::field_of;
using marquee::testing::repeat;

class SocialFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = marquee::testing::make_temp_dir("marquee-social");
    db_ = db::open_database(marquee::testing::fresh_database_url(dir_), {});
    db::run_migrations(*db_);
    videos_ = std::make_unique<videos::VideoService>(*db_, clock_, bus_);
    ratings_ = std::make_unique<RatingService>(*db_, *videos_, clock_, bus_);
    comments_ = std::make_unique<CommentService>(*db_, *videos_, clock_, bus_);
    alice_ = add_user("alice", Role::user);
    bob_ = add_user("bob", Role::creator);
    carol_ = add_user("carol", Role::user);
    mod_ = add_user("mia", Role::moderator);
  }

  void TearDown() override {
    comments_.reset();
    ratings_.reset();
    videos_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  Principal add_user(const std::string& username, Role role) {
    return marquee::testing::insert_user(*db_, username, role);
  }

  videos::Video video_of(const Principal& owner, const std::string& visibility = "public") {
    videos::VideoDraft draft;
    draft.title = "a video";
    draft.visibility = visibility;
    videos::Video video = videos_->create(owner, draft);
    clock_.advance(1);
    return video;
  }

  void make_private(const std::string& video_id) {
    videos::VideoPatch patch;
    patch.visibility = "private";
    videos_->update(mod_, video_id, patch);
  }

  Comment comment_on(const std::string& video_id, const Principal& author, const std::string& text = "hello",
                     std::optional<std::string> parent_id = std::nullopt) {
    Comment comment = comments_->post(author, video_id, CommentDraft{text, std::move(parent_id)});
    clock_.advance(1);
    return comment;
  }

  std::int64_t number(const std::string& sql, const std::vector<db::Value>& params = {}) {
    return db_->query(sql, params).front().i64("n");
  }

  videos::Video reload(const std::string& video_id) { return *videos_->find(video_id); }

  // Every counter equals the rows it counts, on every video and comment.
  void expect_counters_exact() {
    EXPECT_EQ(number("SELECT COUNT(*) AS n FROM videos v WHERE v.likes_count <> (SELECT COUNT(*) FROM video_ratings r "
                     "WHERE r.video_id = v.id AND r.rating = 'like')"),
              0)
        << "likes_count";
    EXPECT_EQ(number("SELECT COUNT(*) AS n FROM videos v WHERE v.dislikes_count <> (SELECT COUNT(*) FROM "
                     "video_ratings r WHERE r.video_id = v.id AND r.rating = 'dislike')"),
              0)
        << "dislikes_count";
    EXPECT_EQ(number("SELECT COUNT(*) AS n FROM videos v WHERE v.comments_count <> (SELECT COUNT(*) FROM comments c "
                     "WHERE c.video_id = v.id)"),
              0)
        << "comments_count";
    EXPECT_EQ(number("SELECT COUNT(*) AS n FROM comments p WHERE p.replies_count <> (SELECT COUNT(*) FROM comments c "
                     "WHERE c.parent_id = p.id)"),
              0)
        << "replies_count";
    EXPECT_EQ(number("SELECT COUNT(*) AS n FROM comments p WHERE p.likes_count <> (SELECT COUNT(*) FROM comment_likes "
                     "l WHERE l.comment_id = p.id)"),
              0)
        << "comment likes_count";
  }

  std::string dir_;
  std::unique_ptr<db::Database> db_;
  ManualClock clock_{1'700'000'000'000};
  events::InProcessEventBus bus_{"test-node"};
  std::unique_ptr<videos::VideoService> videos_;
  std::unique_ptr<RatingService> ratings_;
  std::unique_ptr<CommentService> comments_;
  Principal alice_, bob_, carol_, mod_;
  const Caller anonymous_ = std::nullopt;
};

}  // namespace marquee::social
