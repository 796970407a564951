// ViewService against a real database (SQLite in a temp dir by default) with a manual
// clock: exact totals after a flush, dedup that survives a restart, watch history with its
// settings, and the per-video aggregates feeds rank by.
#include <gtest/gtest.h>

#include "events/InProcessEventBus.h"

#include <filesystem>
#include <functional>

#include "core/Clock.h"
#include "core/Error.h"
#include "core/Text.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "support/DomainFixtures.h"
#include "support/TestDatabase.h"
#include "videos/VideoService.h"
#include "views/ViewService.h"

namespace marquee::views {
namespace {

using accounts::Caller;
using accounts::Principal;
using accounts::Role;

// The code of the error `action` throws.
ErrorCode error_from(const std::function<void()>& action) { return marquee::testing::error_from(action).code(); }

constexpr Millis kHour = 3600 * 1000;

class ViewServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = marquee::testing::make_temp_dir("marquee-views");
    db_ = db::open_database(marquee::testing::fresh_database_url(dir_), {});
    db::run_migrations(*db_);
    videos_ = std::make_unique<videos::VideoService>(*db_, clock_, bus_);
    start_service();
    alice_ = add_user("alice");
    bob_ = add_user("bob");
    video_ = published(alice_, 60'000);
  }

  void TearDown() override {
    views_.reset();
    videos_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A new service over the same database: what a process restart keeps.
  void start_service() {
    views_ = std::make_unique<ViewService>(*db_, *videos_, clock_, bus_);
  }

  Principal add_user(const std::string& username) {
    return marquee::testing::insert_user(*db_, username, Role::user);
  }

  std::string published(const Principal& owner, std::int64_t duration_ms, const std::string& visibility = "public") {
    videos::VideoDraft draft;
    draft.title = "clip";
    draft.visibility = visibility;
    auto video = videos_->create(owner, draft);
    db_->execute("UPDATE videos SET status = 'ready', duration_ms = ? WHERE id = ?", {duration_ms, video.id});
    return video.id;
  }

  bool beacon(const Caller& caller, std::int64_t position, std::int64_t watched, const std::string& session = "s1",
              const std::string& video = "") {
    return views_->record_beacon(caller, video.empty() ? video_ : video, "anon1", Beacon{position, watched, session});
  }

  std::int64_t views_count(const std::string& id) {
    return db_->query("SELECT views_count FROM videos WHERE id = ?", {id}).front().i64("views_count");
  }

  std::string dir_;
  std::unique_ptr<db::Database> db_;
  ManualClock clock_{1'700'000'000'000};
  events::InProcessEventBus bus_{"test-node"};
  std::unique_ptr<videos::VideoService> videos_;
  std::unique_ptr<ViewService> views_;
  Principal alice_, bob_;
  std::string video_;
  const Caller anonymous_ = std::nullopt;
};

TEST_F(ViewServiceTest, totals_are_exact_after_a_flush_and_nothing_is_written_before) {
  EXPECT_TRUE(beacon(bob_, 6'000, 6'000));
  EXPECT_FALSE(beacon(bob_, 9'000, 9'000));
  EXPECT_TRUE(beacon(anonymous_, 6'000, 6'000));
  EXPECT_EQ(views_count(video_), 0);
  views_->flush();
  EXPECT_EQ(views_count(video_), 2);
  auto stats = views_->stats(video_);
  EXPECT_EQ(stats.views_count, 2);
  EXPECT_EQ(stats.watched_ms, 15'000);
  EXPECT_EQ(stats.completion_samples, 2);
  EXPECT_NEAR(stats.average_completion(), (0.15 + 0.1) / 2, 1e-9);
}

TEST_F(ViewServiceTest, dedup_and_sessions_survive_a_restart) {
  EXPECT_TRUE(beacon(bob_, 6'000, 6'000));
  views_->flush();
  start_service();
  clock_.advance(kHour);
  EXPECT_FALSE(beacon(bob_, 10'000, 10'000));
  views_->flush();
  EXPECT_EQ(views_count(video_), 1);
  EXPECT_EQ(views_->stats(video_).watched_ms, 10'000);
  clock_.advance(24 * kHour);
  EXPECT_TRUE(beacon(bob_, 0, 6'000, "s2"));
  views_->flush();
  EXPECT_EQ(views_count(video_), 2);
}

TEST_F(ViewServiceTest, two_processes_never_count_one_viewer_twice_in_a_window) {
  ViewService other(*db_, *videos_, clock_, bus_);
  EXPECT_TRUE(beacon(bob_, 6'000, 6'000));
  EXPECT_TRUE(other.record_beacon(bob_, video_, "", Beacon{6'000, 6'000, "s1"}));
  views_->flush();
  other.flush();
  EXPECT_EQ(views_count(video_), 1);
}

TEST_F(ViewServiceTest, only_playable_or_ready_videos_count_and_hidden_ones_are_not_found) {
  db_->execute("UPDATE videos SET status = 'processing' WHERE id = ?", {video_});
  EXPECT_FALSE(beacon(bob_, 6'000, 6'000));
  db_->execute("UPDATE videos SET status = 'playable' WHERE id = ?", {video_});
  EXPECT_TRUE(beacon(bob_, 6'000, 6'000));
  std::string secret = published(alice_, 60'000, "private");
  EXPECT_EQ(error_from([&] { beacon(bob_, 6'000, 6'000, "s1", secret); }), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { beacon(anonymous_, 6'000, 6'000, "s1", "nosuchvideo0"); }), ErrorCode::not_found);
  EXPECT_TRUE(beacon(alice_, 6'000, 6'000, "s1", secret));
  EXPECT_EQ(error_from([&] { beacon(bob_, 6'000, 6'000, "bad session!"); }), ErrorCode::validation_failed);
  EXPECT_EQ(error_from([&] { beacon(bob_, -1, 6'000); }), ErrorCode::validation_failed);
}

TEST_F(ViewServiceTest, history_records_position_completion_and_rewatches) {
  beacon(bob_, 30'000, 30'000);
  views_->flush();
  auto watched = views_->progress(bob_, video_);
  EXPECT_EQ(watched.progress.position_ms, 30'000);
  EXPECT_DOUBLE_EQ(completion_ratio(watched.progress.max_position_ms, watched.video.duration_ms), 0.5);

  clock_.advance(1'000);
  beacon(bob_, 58'000, 58'000);
  beacon(bob_, 2'000, 2'000, "s2");
  // Progress includes beacons not yet flushed.
  watched = views_->progress(bob_, video_);
  EXPECT_EQ(watched.progress.position_ms, 2'000);
  EXPECT_EQ(watched.progress.max_position_ms, 58'000);
  EXPECT_EQ(watched.progress.rewatch_count, 1);
  EXPECT_EQ(watched.progress.watched_ms, 60'000);
  views_->flush();
  auto stored = views_->progress(bob_, video_).progress;
  EXPECT_EQ(stored.rewatch_count, 1);
  EXPECT_EQ(stored.watched_ms, 60'000);
  EXPECT_EQ(views_->stats(video_).rewatch_count, 1);
}

TEST_F(ViewServiceTest, history_lists_most_recent_first_in_pages) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(published(alice_, 60'000));
    beacon(bob_, 1'000, 1'000, "s1", ids.back());
    clock_.advance(1'000);
  }
  views_->flush();
  auto first = views_->history(bob_, {2, std::nullopt});
  ASSERT_EQ(first.items.size(), 2u);
  EXPECT_EQ(first.items[0].video.id, ids[4]);
  EXPECT_EQ(first.items[1].video.id, ids[3]);
  ASSERT_TRUE(first.next_cursor);
  auto rest = views_->history(bob_, {10, first.next_cursor});
  ASSERT_EQ(rest.items.size(), 3u);
  EXPECT_EQ(rest.items[2].video.id, ids[0]);
  EXPECT_FALSE(rest.next_cursor);
  EXPECT_EQ(error_from([&] { views_->history(bob_, {0, std::nullopt}); }), ErrorCode::validation_failed);
  EXPECT_EQ(error_from([&] { views_->history(bob_, {10, "garbage"}); }), ErrorCode::validation_failed);

  // A video that turned private leaves the owner's viewers' history listing.
  db_->execute("UPDATE videos SET visibility = 'private' WHERE id = ?", {ids[4]});
  EXPECT_EQ(views_->history(bob_, {10, std::nullopt}).items.size(), 4u);
}

TEST_F(ViewServiceTest, paused_history_records_nothing_but_views_still_count) {
  EXPECT_TRUE(views_->set_history_paused(bob_, true).paused);
  EXPECT_TRUE(views_->history_settings(bob_).paused);
  EXPECT_TRUE(beacon(bob_, 6'000, 6'000));
  views_->flush();
  EXPECT_EQ(views_count(video_), 1);
  EXPECT_TRUE(views_->history(bob_, {}).items.empty());
  EXPECT_EQ(views_->progress(bob_, video_).progress.last_watched_at, 0);

  views_->set_history_paused(bob_, false);
  beacon(bob_, 7'000, 7'000);
  views_->flush();
  EXPECT_EQ(views_->history(bob_, {}).items.size(), 1u);
}

TEST_F(ViewServiceTest, history_is_deleted_one_video_or_all_including_what_is_buffered) {
  std::string other = published(alice_, 60'000);
  beacon(bob_, 6'000, 6'000);
  beacon(bob_, 6'000, 6'000, "s1", other);
  views_->flush();
  beacon(bob_, 7'000, 7'000);
  views_->remove_from_history(bob_, video_);
  views_->flush();
  auto page = views_->history(bob_, {});
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].video.id, other);

  beacon(bob_, 8'000, 8'000, "s1", other);
  views_->clear_history(bob_);
  views_->flush();
  EXPECT_TRUE(views_->history(bob_, {}).items.empty());
  clock_.advance(1'000);
  beacon(bob_, 9'000, 9'000, "s1", other);
  views_->flush();
  EXPECT_EQ(views_->history(bob_, {}).items.size(), 1u);
  EXPECT_EQ(views_count(video_), 1);
}

TEST_F(ViewServiceTest, a_video_deleted_before_the_flush_is_skipped_and_the_rest_is_written) {
  std::string doomed = published(alice_, 60'000);
  EXPECT_TRUE(beacon(bob_, 6'000, 6'000, "s1", doomed));
  EXPECT_TRUE(beacon(bob_, 6'000, 6'000));
  db_->execute("DELETE FROM videos WHERE id = ?", {doomed});  // behind the service's back
  views_->flush();
  EXPECT_EQ(views_count(video_), 1);
  EXPECT_EQ(db_->query("SELECT COUNT(*) AS n FROM watch_history").front().i64("n"), 1);
}

TEST_F(ViewServiceTest, deleting_a_video_cascades_to_its_history_viewers_and_stats) {
  beacon(bob_, 6'000, 6'000);
  views_->flush();
  EXPECT_TRUE(videos_->purge(video_));
  for (const char* table : {"watch_history", "video_viewers", "video_stats"}) {
    EXPECT_EQ(db_->query(std::string("SELECT COUNT(*) AS n FROM ") + table).front().i64("n"), 0) << table;
  }
  EXPECT_FALSE(videos_->purge(video_));
}

TEST_F(ViewServiceTest, idle_viewer_states_are_pruned) {
  beacon(anonymous_, 6'000, 6'000);
  views_->flush();
  clock_.advance(kViewerStateRetentionMs + 1);
  EXPECT_EQ(views_->remove_idle_viewers(), 1);
}

}  // namespace
}  // namespace marquee::views
