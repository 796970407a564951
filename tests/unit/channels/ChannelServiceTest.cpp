// ChannelService against a real database (SQLite in a temp dir by default): subscribing,
// unsubscribing, blocking, the subscription and block lists and a channel's counts.
#include <gtest/gtest.h>

#include "events/InProcessEventBus.h"

#include <filesystem>
#include <functional>
#include <set>
#include <thread>

#include "channels/ChannelEvents.h"
#include "channels/ChannelService.h"
#include "core/Clock.h"
#include "core/Error.h"
#include "core/Text.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "support/DomainFixtures.h"
#include "support/TestDatabase.h"
#include "videos/VideoService.h"

namespace marquee::channels {
namespace {

using accounts::Caller;
using accounts::Principal;
using accounts::Role;
using marquee::testing::error_from;

class ChannelServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = marquee::testing::make_temp_dir("marquee-channels");
    db_ = db::open_database(marquee::testing::fresh_database_url(dir_), {});
    db::run_migrations(*db_);
    videos_ = std::make_unique<videos::VideoService>(*db_, clock_, bus_);
    channels_ = std::make_unique<ChannelService>(*db_, *videos_, clock_, bus_);
    alice_ = add_user("alice");
    bob_ = add_user("bob");
  }

  // One user racing themself: 8 threads × 25 calls, alternating `even` and `odd` (each thread
  // starting at its own turn).
  static void race(const std::function<void()>& even, const std::function<void()>& odd) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 25; ++i) ((i + t) % 2 == 0 ? even : odd)();
      });
    }
    for (auto& thread : threads) thread.join();
  }

  // Every channel's username in a listing, following next_cursor two items at a time.
  template <typename ListPage>
  std::vector<std::string> every_page(ListPage list_page) {
    std::vector<std::string> listed;
    std::optional<std::string> cursor;
    do {
      auto page = list_page(ChannelListQuery{2, cursor});
      for (const auto& item : page.items) listed.push_back(item.channel.username);
      cursor = page.next_cursor;
    } while (cursor);
    return listed;
  }

  void TearDown() override {
    channels_.reset();
    videos_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  Principal add_user(const std::string& username) {
    return marquee::testing::insert_user(*db_, username, Role::user);
  }

  std::int64_t subscription_rows(const Principal& channel) {
    return db_->query("SELECT COUNT(*) AS n FROM subscriptions WHERE channel_id = ?", {channel.user_id})
        .front()
        .i64("n");
  }

  std::int64_t block_rows(const Principal& user) {
    return db_->query("SELECT COUNT(*) AS n FROM blocks WHERE user_id = ? OR blocked_user_id = ?",
                      {user.user_id, user.user_id})
        .front()
        .i64("n");
  }

  std::string dir_;
  std::unique_ptr<db::Database> db_;
  ManualClock clock_{1'700'000'000'000};
  events::InProcessEventBus bus_{"test-node"};
  std::unique_ptr<videos::VideoService> videos_;
  std::unique_ptr<ChannelService> channels_;
  Principal alice_, bob_;
};

TEST_F(ChannelServiceTest, subscribing_twice_is_one_subscription_and_unsubscribing_is_idempotent) {
  Subscribed first = channels_->subscribe(bob_, "Alice");
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.subscription.channel.username, "alice");
  EXPECT_EQ(first.subscription.channel.subscriber_count, 1);
  EXPECT_EQ(first.subscription.subscribed_at, clock_.now_ms());

  clock_.advance(5);
  Subscribed again = channels_->subscribe(bob_, "alice");
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.subscription.subscribed_at, first.subscription.subscribed_at);
  EXPECT_EQ(channels_->stats(alice_.user_id).subscriber_count, 1);

  channels_->unsubscribe(bob_, "alice");
  channels_->unsubscribe(bob_, "alice");
  EXPECT_EQ(channels_->stats(alice_.user_id).subscriber_count, 0);
  EXPECT_EQ(subscription_rows(alice_), 0);
}

TEST_F(ChannelServiceTest, no_one_subscribes_to_themselves_or_to_nobody) {
  Error self = error_from([&] { channels_->subscribe(alice_, "ALICE"); });
  EXPECT_EQ(self.code(), ErrorCode::validation_failed);
  EXPECT_EQ(error_from([&] { channels_->subscribe(alice_, "nobody"); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { channels_->unsubscribe(alice_, "nobody"); }).code(), ErrorCode::not_found);
  EXPECT_EQ(channels_->stats(alice_.user_id).subscriber_count, 0);
}

TEST_F(ChannelServiceTest, subscriptions_list_newest_first_across_pages) {
  std::vector<Principal> channels;
  for (int i = 0; i < 5; ++i) {
    channels.push_back(add_user("chan" + std::to_string(i)));
    channels_->subscribe(bob_, channels.back().username);
    if (i != 2) clock_.advance(1);  // two subscriptions share a millisecond
  }
  const auto listed = every_page([&](const ChannelListQuery& q) { return channels_->subscriptions(bob_, q); });
  ASSERT_EQ(listed.size(), 5u);
  EXPECT_EQ(listed.front(), "chan4");
  EXPECT_EQ(listed.back(), "chan0");
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()).size(), 5u);
  EXPECT_TRUE(channels_->subscriptions(alice_, {}).items.empty());
  EXPECT_EQ(error_from([&] { channels_->subscriptions(bob_, {0, {}}); }).code(), ErrorCode::validation_failed);
  EXPECT_EQ(error_from([&] { channels_->subscriptions(bob_, {5, "bm9wZQ"}); }).code(), ErrorCode::validation_failed);
}

TEST_F(ChannelServiceTest, video_count_counts_public_published_videos_only) {
  auto publish = [&](const std::string& visibility, videos::VideoStatus status) {
    videos::VideoDraft draft;
    draft.title = "v";
    draft.visibility = visibility;
    auto video = videos_->create(alice_, draft);
    videos_->set_status(video.id, status);
  };
  publish("public", videos::VideoStatus::ready);
  publish("public", videos::VideoStatus::playable);
  publish("public", videos::VideoStatus::processing);
  publish("public", videos::VideoStatus::draft);
  publish("unlisted", videos::VideoStatus::ready);
  publish("private", videos::VideoStatus::ready);
  EXPECT_EQ(channels_->stats(alice_.user_id).video_count, 2);
  EXPECT_EQ(channels_->stats(bob_.user_id).video_count, 0);

  EXPECT_EQ(channels_->videos(Caller(bob_), "alice", {}, {}).items.size(), 2u);
  EXPECT_EQ(channels_->videos(Caller(alice_), "alice", {}, {}).items.size(), 6u);
  EXPECT_EQ(error_from([&] { channels_->videos(Caller(bob_), "nobody", {}, {}); }).code(), ErrorCode::not_found);
}

TEST_F(ChannelServiceTest, the_count_matches_the_rows_when_one_user_toggles_from_many_threads) {
  race([&] { channels_->subscribe(bob_, "alice"); }, [&] { channels_->unsubscribe(bob_, "alice"); });
  EXPECT_EQ(channels_->stats(alice_.user_id).subscriber_count, subscription_rows(alice_));
  EXPECT_LE(subscription_rows(alice_), 1);
}

TEST_F(ChannelServiceTest, blocking_twice_is_one_block_and_unblocking_is_idempotent) {
  std::vector<std::string> changed;
  auto subscription = bus_.subscribe(kBlockChanged, [&](const events::Event& event) {
    changed.push_back(event.subject);
    EXPECT_EQ(events::data_string(event, "channel_id"), alice_.user_id);
  });
  Blocked first = channels_->block(bob_, "ALICE");
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.block.channel.id, alice_.user_id);
  EXPECT_EQ(first.block.channel.username, "alice");
  EXPECT_EQ(first.block.blocked_at, clock_.now_ms());

  clock_.advance(5);
  Blocked again = channels_->block(bob_, "alice");
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.block.blocked_at, first.block.blocked_at);
  auto listed = channels_->blocks(bob_, {});
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_EQ(listed.items[0].channel.id, alice_.user_id);
  EXPECT_FALSE(listed.next_cursor);
  EXPECT_TRUE(channels_->blocks(alice_, {}).items.empty()) << "a block is one-way";

  channels_->unblock(bob_, "alice");
  channels_->unblock(bob_, "alice");
  EXPECT_TRUE(channels_->blocks(bob_, {}).items.empty());
  EXPECT_EQ(block_rows(alice_), 0);
  EXPECT_EQ(changed, std::vector<std::string>(4, bob_.user_id)) << "block.changed names the blocker each time";
}

TEST_F(ChannelServiceTest, no_one_blocks_themselves_or_nobody) {
  EXPECT_EQ(error_from([&] { channels_->block(alice_, "Alice"); }).code(), ErrorCode::validation_failed);
  EXPECT_EQ(marquee::testing::field_of(error_from([&] { channels_->block(alice_, "alice"); })), "username");
  EXPECT_EQ(error_from([&] { channels_->block(alice_, "nobody"); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { channels_->unblock(alice_, "nobody"); }).code(), ErrorCode::not_found);
  EXPECT_EQ(block_rows(alice_), 0);
}

TEST_F(ChannelServiceTest, blocking_a_followed_channel_unsubscribes_and_subscribing_unblocks) {
  auto carol = add_user("carol");
  channels_->subscribe(bob_, "alice");
  channels_->subscribe(carol, "alice");
  ASSERT_EQ(channels_->stats(alice_.user_id).subscriber_count, 2);

  Blocked blocked = channels_->block(bob_, "alice");
  EXPECT_EQ(blocked.block.channel.subscriber_count, 1);
  EXPECT_EQ(channels_->stats(alice_.user_id).subscriber_count, 1);
  EXPECT_EQ(subscription_rows(alice_), 1);
  EXPECT_TRUE(channels_->subscriptions(bob_, {}).items.empty());
  channels_->block(bob_, "alice");  // already blocked: nothing more to uncount
  EXPECT_EQ(channels_->stats(alice_.user_id).subscriber_count, 1);

  Subscribed back = channels_->subscribe(bob_, "alice");
  EXPECT_TRUE(back.created);
  EXPECT_EQ(back.subscription.channel.subscriber_count, 2);
  EXPECT_TRUE(channels_->blocks(bob_, {}).items.empty());
  EXPECT_EQ(subscription_rows(alice_), 2);
}

TEST_F(ChannelServiceTest, blocks_list_newest_first_across_pages) {
  std::vector<Principal> blocked;
  for (int i = 0; i < 5; ++i) {
    blocked.push_back(add_user("spam" + std::to_string(i)));
    channels_->block(bob_, blocked.back().username);
    if (i != 2) clock_.advance(1);  // two blocks share a millisecond
  }
  const auto listed = every_page([&](const ChannelListQuery& q) { return channels_->blocks(bob_, q); });
  ASSERT_EQ(listed.size(), 5u);
  EXPECT_EQ(listed.front(), "spam4");
  EXPECT_EQ(listed.back(), "spam0");
  EXPECT_EQ(std::set<std::string>(listed.begin(), listed.end()).size(), 5u);
  EXPECT_EQ(error_from([&] { channels_->blocks(bob_, {101, {}}); }).code(), ErrorCode::validation_failed);
  EXPECT_EQ(error_from([&] { channels_->blocks(bob_, {5, "bm9wZQ"}); }).code(), ErrorCode::validation_failed);
}

TEST_F(ChannelServiceTest, deleting_either_account_removes_its_blocks) {
  auto carol = add_user("carol");
  channels_->block(bob_, "alice");
  channels_->block(carol, "alice");
  channels_->block(alice_, "carol");
  ASSERT_EQ(block_rows(carol), 2);
  db_->execute("DELETE FROM users WHERE id = ?", {carol.user_id});
  EXPECT_EQ(block_rows(carol), 0);
  EXPECT_EQ(block_rows(alice_), 1);
  db_->execute("DELETE FROM users WHERE id = ?", {alice_.user_id});
  EXPECT_EQ(block_rows(alice_), 0);
  EXPECT_TRUE(channels_->blocks(bob_, {}).items.empty());
}

TEST_F(ChannelServiceTest, blocking_and_subscribing_at_once_leave_one_of_the_two_and_an_exact_count) {
  race([&] { channels_->subscribe(bob_, "alice"); }, [&] { channels_->block(bob_, "alice"); });
  EXPECT_EQ(channels_->stats(alice_.user_id).subscriber_count, subscription_rows(alice_));
  EXPECT_EQ(subscription_rows(alice_) + block_rows(alice_), 1);
}

}  // namespace
}  // namespace marquee::channels
