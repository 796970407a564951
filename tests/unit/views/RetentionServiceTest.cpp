// RetentionService against a real database with a manual clock: who may set a video's
// retention, what expiry it implies, and that a sweep deletes exactly the expired videos
// through the videos' delete path.
#include <gtest/gtest.h>

#include "events/InProcessEventBus.h"

#include <filesystem>
#include <functional>
#include <set>

#include "core/Clock.h"
#include "core/Error.h"
#include "core/Text.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "support/DomainFixtures.h"
#include "support/TestDatabase.h"
#include "videos/VideoEvents.h"
#include "videos/VideoService.h"
#include "views/RetentionService.h"

namespace marquee::views {
namespace {

using accounts::Principal;
using accounts::Role;

// The code of the error `action` throws.
ErrorCode error_from(const std::function<void()>& action) { return marquee::testing::error_from(action).code(); }

constexpr Millis kDay = 24ll * 3600 * 1000;

class RetentionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = marquee::testing::make_temp_dir("marquee-retention");
    db_ = db::open_database(marquee::testing::fresh_database_url(dir_), {});
    db::run_migrations(*db_);
    videos_ = std::make_unique<videos::VideoService>(*db_, clock_, bus_);
    deletions_ = bus_.subscribe(videos::kVideoDeleted, [this](const events::Event& e) { deleted_.insert(e.subject); });
    alice_ = add_user("alice", Role::user);
    bob_ = add_user("bob", Role::user);
    mod_ = add_user("mia", Role::moderator);
  }

  void TearDown() override {
    videos_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  Principal add_user(const std::string& username, Role role) {
    return marquee::testing::insert_user(*db_, username, role);
  }

  std::string new_video(const std::string& visibility = "public") {
    videos::VideoDraft draft;
    draft.title = "story";
    draft.visibility = visibility;
    return videos_->create(alice_, draft).id;
  }

  bool exists(const std::string& id) { return !db_->query("SELECT 1 FROM videos WHERE id = ?", {id}).empty(); }

  std::string dir_;
  std::unique_ptr<db::Database> db_;
  ManualClock clock_{1'700'000'000'000};
  events::InProcessEventBus bus_{"test-node"};
  std::unique_ptr<videos::VideoService> videos_;
  std::set<std::string> deleted_;
  events::Subscription deletions_;
  Principal alice_, bob_, mod_;
};

TEST_F(RetentionServiceTest, a_video_without_override_follows_the_site_default) {
  RetentionService retention(*db_, *videos_, clock_, 14);
  std::string id = new_video();
  auto setting = retention.get(alice_, id);
  EXPECT_FALSE(setting.days);
  EXPECT_EQ(setting.site_default_days, 14);
  ASSERT_TRUE(setting.expires_at);
  EXPECT_EQ(*setting.expires_at, clock_.now_ms() + 14 * kDay);
}

TEST_F(RetentionServiceTest, forever_is_the_default_and_an_override_sets_the_expiry_from_creation) {
  RetentionService retention(*db_, *videos_, clock_, 0);
  std::string id = new_video();
  const Millis created = clock_.now_ms();
  EXPECT_FALSE(retention.get(alice_, id).expires_at);
  clock_.advance(kDay);
  auto setting = retention.set(alice_, id, 3);
  EXPECT_EQ(setting.days, 3);
  EXPECT_EQ(setting.expires_at, created + 3 * kDay);
  EXPECT_FALSE(retention.set(mod_, id, 0).expires_at);
  EXPECT_FALSE(retention.set(alice_, id, std::nullopt).days);
}

TEST_F(RetentionServiceTest, only_the_owner_and_moderators_set_retention_and_hidden_videos_are_not_found) {
  RetentionService retention(*db_, *videos_, clock_, 0);
  std::string open = new_video();
  std::string secret = new_video("private");
  EXPECT_EQ(error_from([&] { retention.set(bob_, open, 1); }), ErrorCode::forbidden);
  EXPECT_EQ(error_from([&] { retention.get(bob_, secret); }), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { retention.set(alice_, open, -1); }), ErrorCode::validation_failed);
  EXPECT_EQ(error_from([&] { retention.set(alice_, open, kMaxRetentionDays + 1); }), ErrorCode::validation_failed);
  EXPECT_EQ(retention.set(mod_, secret, 5).days, 5);
}

TEST_F(RetentionServiceTest, a_sweep_deletes_exactly_the_expired_videos_through_the_delete_path) {
  RetentionService retention(*db_, *videos_, clock_, 14);
  std::string by_default = new_video();
  std::string kept_forever = new_video();
  std::string short_lived = new_video();
  retention.set(alice_, kept_forever, 0);
  retention.set(alice_, short_lived, 2);
  clock_.advance(kDay);
  std::string young = new_video();

  EXPECT_EQ(retention.sweep(), 0);
  clock_.advance(kDay);
  EXPECT_EQ(retention.sweep(), 1);
  EXPECT_FALSE(exists(short_lived));
  EXPECT_EQ(deleted_, std::set<std::string>{short_lived});

  clock_.advance(12 * kDay);
  EXPECT_EQ(retention.sweep(), 1);
  EXPECT_FALSE(exists(by_default));
  EXPECT_TRUE(exists(kept_forever));
  EXPECT_TRUE(exists(young));
  clock_.advance(kDay);
  EXPECT_EQ(retention.sweep(), 1);
  EXPECT_FALSE(exists(young));
  EXPECT_TRUE(exists(kept_forever));
}

TEST_F(RetentionServiceTest, concurrent_sweepers_delete_each_video_once) {
  RetentionService first(*db_, *videos_, clock_, 1);
  RetentionService second(*db_, *videos_, clock_, 1);
  new_video();
  new_video();
  clock_.advance(2 * kDay);
  EXPECT_EQ(first.sweep() + second.sweep(), 2);
  EXPECT_EQ(deleted_.size(), 2u);
}

}  // namespace
}  // namespace marquee::views
