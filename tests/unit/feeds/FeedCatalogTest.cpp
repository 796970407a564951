// The in-memory building blocks of the feeds (FeedCatalog) as users see them: with every
// cache warm, a change made through this process shows on the next page of every feed (the
// services call forget_video / forget_viewer), a change made elsewhere (here: straight in the
// database) shows once its ttl has passed, and pages deeper than what memory holds still
// list everything once, in order.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "FeedTestWorld.h"
#include "core/ExpiringCache.h"
#include "feeds/FeedService.h"
#include "feeds/MemoryOnly.h"

namespace marquee::feeds {
namespace {

using testing::FeedTestWorld;
using testing::kHour;
using testing::reel;
using testing::VideoSpec;

using testing::ids_of;
using testing::principal;

bool lists(const videos::VideoPage& page, const std::string& id) {
  const auto ids = ids_of(page);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

class FeedCatalogTest : public ::testing::Test {
 protected:
  FeedCatalogTest()
      : viewer_(world_.add_user("viewer")),
        followed_(world_.add_user("followed")),
        other_(world_.add_user("other")) {
    world_.subscribe(viewer_, followed_);
  }

  // Every feed page the viewer (signed in and anonymous) can get, with `options` (adult).
  std::vector<videos::VideoPage> every_feed(FeedService& feeds, const FeedQuery& query = {}) {
    const accounts::Caller signed_in(principal(viewer_));
    return {feeds.home(signed_in, query),
            feeds.home(std::nullopt, query),
            feeds.subscriptions(principal(viewer_), query),
            feeds.trending(signed_in, TrendingPeriod::day, query),
            feeds.trending(std::nullopt, TrendingPeriod::week, query),
            feeds.reels(signed_in, "s", query),
            feeds.reels(std::nullopt, "s", query)};
  }

  // A reel of the followed channel that trends: it belongs in every feed above but the
  // anonymous home's subscriptions part.
  std::string trending_reel(const std::string& owner, VideoSpec spec = reel()) {
    auto id = world_.add_video(owner, spec);
    world_.add_views(id, 5, kHour);
    return id;
  }

  FeedTestWorld world_;
  std::string viewer_, followed_, other_;
};

TEST_F(FeedCatalogTest, a_video_made_private_here_leaves_every_feed_at_once) {
  auto video = trending_reel(followed_);
  trending_reel(other_);
  FeedService feeds(world_.db(), world_.clock(), {});
  feeds.refresh();
  for (const auto& page : every_feed(feeds)) ASSERT_TRUE(lists(page, video)) << "warm-up";

  world_.db().execute("UPDATE videos SET visibility = 'private' WHERE id = ?", {video});
  feeds.forget_video(video);  // what VideoService::update's listener does
  for (const auto& page : every_feed(feeds)) EXPECT_FALSE(lists(page, video));
}

TEST_F(FeedCatalogTest, a_video_made_private_on_another_node_leaves_within_the_video_ttl) {
  auto video = trending_reel(followed_);
  FeedService feeds(world_.db(), world_.clock(), {.page_cache_ms = 0});
  feeds.refresh();
  for (const auto& page : every_feed(feeds)) ASSERT_TRUE(lists(page, video)) << "warm-up";

  world_.db().execute("UPDATE videos SET visibility = 'private' WHERE id = ?", {video});
  world_.clock().advance(kVideoTtl);
  for (const auto& page : every_feed(feeds)) EXPECT_FALSE(lists(page, video));
}

TEST_F(FeedCatalogTest, a_new_upload_of_a_followed_channel_appears_at_once) {
  trending_reel(other_);
  FeedService feeds(world_.db(), world_.clock(), {});
  feeds.refresh();
  const accounts::Caller signed_in(principal(viewer_));
  ASSERT_TRUE(feeds.subscriptions(principal(viewer_), {}).items.empty());
  feeds.home(signed_in, {});

  world_.clock().advance(1000);
  auto upload = world_.add_video(followed_, {.status = "processing", .age_ms = 0});
  world_.db().execute("UPDATE videos SET status = 'ready' WHERE id = ?", {upload});
  feeds.forget_video(upload);  // what VideoService::set_status's listener does
  EXPECT_EQ(ids_of(feeds.subscriptions(principal(viewer_), {})), std::vector<std::string>{upload});
  EXPECT_EQ(ids_of(feeds.home(signed_in, {})).front(), upload);
}

TEST_F(FeedCatalogTest, unsubscribing_removes_the_channel_at_once) {
  auto from_followed = world_.add_video(followed_);
  trending_reel(other_);
  FeedService feeds(world_.db(), world_.clock(), {});
  feeds.refresh();
  ASSERT_EQ(ids_of(feeds.subscriptions(principal(viewer_), {})), std::vector<std::string>{from_followed});

  world_.db().execute("DELETE FROM subscriptions WHERE subscriber_id = ?", {viewer_});
  feeds.forget_viewer(viewer_);  // what ChannelService::unsubscribe's listener does
  EXPECT_TRUE(feeds.subscriptions(principal(viewer_), {}).items.empty());
  // Still on the home feed, as a fresh upload of a channel the viewer does not follow.
  auto home = feeds.home(principal(viewer_), {});
  EXPECT_TRUE(lists(home, from_followed));
  EXPECT_NE(ids_of(home).front(), from_followed);
}

TEST_F(FeedCatalogTest, a_blocked_channel_leaves_every_feed_of_that_viewer_at_once_and_comes_back_unblocked) {
  auto blocked_video = trending_reel(followed_);
  auto other_video = trending_reel(other_);
  FeedService feeds(world_.db(), world_.clock(), {});
  feeds.refresh();
  for (const auto& page : every_feed(feeds)) ASSERT_TRUE(lists(page, blocked_video)) << "warm-up";
  const accounts::Caller signed_in(principal(viewer_));
  const accounts::Caller someone_else(principal(other_));
  const auto viewers_feeds = [&] {
    return std::vector<videos::VideoPage>{feeds.home(signed_in, {}), feeds.subscriptions(principal(viewer_), {}),
                                          feeds.trending(signed_in, TrendingPeriod::day, {}),
                                          feeds.trending(signed_in, TrendingPeriod::week, {}),
                                          feeds.reels(signed_in, "s", {})};
  };
  const auto others_feeds = [&] {
    return std::vector<videos::VideoPage>{feeds.home(std::nullopt, {}),
                                          feeds.trending(std::nullopt, TrendingPeriod::day, {}),
                                          feeds.reels(std::nullopt, "s", {}),
                                          feeds.home(someone_else, {}),
                                          feeds.trending(someone_else, TrendingPeriod::week, {}),
                                          feeds.reels(someone_else, "s", {})};
  };

  // What ChannelService::block writes, then what its listener does.
  world_.block(viewer_, followed_);
  world_.db().execute("DELETE FROM subscriptions WHERE subscriber_id = ?", {viewer_});
  feeds.forget_viewer(viewer_);
  for (const auto& page : viewers_feeds()) EXPECT_FALSE(lists(page, blocked_video));
  EXPECT_TRUE(lists(feeds.trending(signed_in, TrendingPeriod::day, {}), other_video));
  EXPECT_TRUE(lists(feeds.reels(signed_in, "s", {}), other_video));
  for (const auto& page : others_feeds()) EXPECT_TRUE(lists(page, blocked_video));
  {
    MemoryOnly memory_only;  // the viewer's blocks are held: their pages still need no database
    for (const auto& page : {feeds.home(signed_in, {}), feeds.trending(signed_in, TrendingPeriod::day, {}),
                             feeds.reels(signed_in, "s", {})}) {
      EXPECT_FALSE(lists(page, blocked_video));
    }
  }

  world_.db().execute("DELETE FROM blocks WHERE user_id = ?", {viewer_});
  feeds.forget_viewer(viewer_);  // what ChannelService::unblock's listener does
  for (const auto& page : {feeds.home(signed_in, {}), feeds.trending(signed_in, TrendingPeriod::day, {}),
                           feeds.trending(signed_in, TrendingPeriod::week, {}), feeds.reels(signed_in, "s", {})}) {
    EXPECT_TRUE(lists(page, blocked_video));
  }
  EXPECT_TRUE(feeds.subscriptions(principal(viewer_), {}).items.empty()) << "unblocking does not subscribe again";
}

TEST_F(FeedCatalogTest, a_block_made_on_another_node_shows_within_the_blocks_ttl) {
  auto blocked_video = trending_reel(other_);
  FeedService feeds(world_.db(), world_.clock(), {.page_cache_ms = 0});
  feeds.refresh();
  const accounts::Caller signed_in(principal(viewer_));
  ASSERT_TRUE(lists(feeds.trending(signed_in, TrendingPeriod::day, {}), blocked_video));

  world_.block(viewer_, other_);
  world_.clock().advance(kBlockedTtl);
  for (const auto& page : {feeds.home(signed_in, {}), feeds.trending(signed_in, TrendingPeriod::day, {}),
                           feeds.reels(signed_in, "s", {})}) {
    EXPECT_FALSE(lists(page, blocked_video));
  }
}

TEST_F(FeedCatalogTest, a_video_flagged_adult_here_shows_only_to_those_who_ask) {
  auto video = trending_reel(followed_);
  FeedService feeds(world_.db(), world_.clock(), {});
  feeds.refresh();
  for (const auto& page : every_feed(feeds)) ASSERT_TRUE(lists(page, video)) << "warm-up";

  world_.db().execute("UPDATE videos SET is_adult = TRUE WHERE id = ?", {video});
  feeds.forget_video(video);
  for (const auto& page : every_feed(feeds)) EXPECT_FALSE(lists(page, video));
  const accounts::Caller signed_in(principal(viewer_));
  const FeedQuery adult{.adult = true};
  for (const auto& page : {feeds.home(signed_in, adult), feeds.subscriptions(principal(viewer_), adult),
                           feeds.trending(signed_in, TrendingPeriod::day, adult), feeds.reels(signed_in, "s", adult)}) {
    EXPECT_TRUE(lists(page, video));
  }
}

TEST_F(FeedCatalogTest, premium_videos_show_with_their_lock) {
  VideoSpec premium = reel();
  premium.premium = true;
  auto video = trending_reel(followed_, premium);
  FeedService feeds(world_.db(), world_.clock(), {});
  feeds.refresh();
  for (const auto& page : every_feed(feeds)) {
    ASSERT_TRUE(lists(page, video));
    for (const auto& item : page.items) EXPECT_TRUE(item.is_premium);
  }
}

TEST_F(FeedCatalogTest, subscriptions_deeper_than_memory_holds_page_through_every_video_once) {
  std::vector<std::string> expected;
  for (int i = 0; i < kChannelDepth + 15; ++i) {
    expected.push_back(world_.add_video(followed_, {.age_ms = (i + 1) * kHour}));
  }
  auto another = world_.add_user("another");
  world_.subscribe(viewer_, another);
  for (int i = 0; i < 10; ++i) {
    expected.push_back(world_.add_video(another, {.age_ms = i * 7 * kHour + kHour / 2}));
  }
  FeedService feeds(world_.db(), world_.clock(), {});
  std::vector<videos::Video> walked;
  std::optional<std::string> cursor;
  for (int pages = 0; pages < 100; ++pages) {
    auto page = feeds.subscriptions(principal(viewer_), {7, cursor});
    for (auto& video : page.items) walked.push_back(video);
    if (!(cursor = page.next_cursor)) break;
  }
  std::vector<std::string> ids;
  for (const auto& video : walked) ids.push_back(video.id);
  EXPECT_EQ(ids.size(), expected.size());
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), std::set<std::string>(expected.begin(), expected.end()));
  for (std::size_t i = 1; i < walked.size(); ++i) EXPECT_GE(walked[i - 1].created_at, walked[i].created_at) << i;
}

TEST_F(FeedCatalogTest, pages_from_memory_alone_are_the_pages_the_database_gives) {
  trending_reel(followed_);
  trending_reel(other_);
  world_.add_video(followed_);
  FeedService feeds(world_.db(), world_.clock(), {});
  const accounts::Caller signed_in(principal(viewer_));
  {
    MemoryOnly memory_only;  // nothing is in memory yet
    EXPECT_THROW(feeds.home(signed_in, {}), NotInMemory);
  }
  const auto home = ids_of(feeds.home(signed_in, {}));
  const auto reels = ids_of(feeds.reels(signed_in, "s", {}));
  ASSERT_FALSE(home.empty());
  ASSERT_FALSE(reels.empty());
  MemoryOnly memory_only;
  EXPECT_EQ(ids_of(feeds.home(signed_in, {})), home);
  EXPECT_EQ(ids_of(feeds.reels(signed_in, "s", {})), reels);
}

TEST(ExpiringCache, entries_expire_with_the_clock_and_a_load_that_raced_a_change_is_not_kept) {
  ManualClock clock(1000);
  ExpiringCache<int> cache(clock, 100, 16);
  cache.put("a", std::make_shared<const int>(1), cache.epoch());
  ASSERT_TRUE(cache.get("a"));
  EXPECT_EQ(*cache.get("a"), 1);
  clock.advance(100);
  EXPECT_FALSE(cache.get("a"));

  const auto before = cache.epoch();
  cache.erase("b");  // a change lands while "a" is being loaded
  cache.put("a", std::make_shared<const int>(2), before);
  EXPECT_FALSE(cache.get("a"));
  EXPECT_EQ(*cache.get_or_load("a", [] { return 3; }), 3);
  EXPECT_EQ(*cache.get_or_load("a", [] { return 4; }), 3);
  cache.clear();
  EXPECT_FALSE(cache.get("a"));
}

}  // namespace
}  // namespace marquee::feeds
