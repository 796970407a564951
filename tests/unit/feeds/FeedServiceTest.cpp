// FeedService against a real database with a manual clock: pages that neither repeat nor skip
// while rankings are refreshed and videos arrive, seeded reels orders, taste matching, and
// the per-viewer rules (adult opt-in, blocked channels).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "FeedTestWorld.h"
#include "core/Error.h"
#include "feeds/FeedService.h"

namespace marquee::feeds {
namespace {

using testing::FeedTestWorld;
using testing::kHour;
using testing::reel;
using testing::VideoSpec;

using testing::ids_of;
using testing::principal;

using PageFn = std::function<videos::VideoPage(const std::optional<std::string>& cursor)>;

// Every id of every page, following next_cursor; `between` runs after each page.
std::vector<std::string> walk(const PageFn& page, const std::function<void()>& between = {}) {
  std::vector<std::string> ids;
  std::optional<std::string> cursor;
  for (int pages = 0; pages < 1000; ++pages) {
    auto result = page(cursor);
    for (const auto& video : result.items) ids.push_back(video.id);
    if (!result.next_cursor) return ids;
    cursor = result.next_cursor;
    if (between) between();
  }
  ADD_FAILURE() << "feed did not end";
  return ids;
}

bool unique(const std::vector<std::string>& ids) { return std::set<std::string>(ids.begin(), ids.end()).size() == ids.size(); }

class FeedServiceTest : public ::testing::Test {
 protected:
  FeedService service(FeedOptions options = {}) { return FeedService(world_.db(), world_.clock(), options); }

  FeedTestWorld world_;
};

TEST_F(FeedServiceTest, trending_pages_keep_their_snapshot_while_rankings_change) {
  auto owner = world_.add_user("owner");
  std::vector<std::string> videos;
  for (int i = 0; i < 12; ++i) {
    videos.push_back(world_.add_video(owner));
    world_.add_views(videos.back(), i + 1, kHour);
  }
  auto feeds = service();
  feeds.refresh();
  const auto expected = walk([&](auto cursor) { return feeds.trending(std::nullopt, TrendingPeriod::day, {100, cursor}); });
  ASSERT_EQ(expected.size(), 12u);
  EXPECT_EQ(expected.front(), videos.back());

  // Between pages the least viewed video becomes the most viewed and a new snapshot appears.
  int round = 0;
  auto paged = walk([&](auto cursor) { return feeds.trending(std::nullopt, TrendingPeriod::day, {5, cursor}); },
                    [&] {
                      world_.add_views(videos[static_cast<std::size_t>(round++)], 50, 0);
                      world_.add_views(world_.add_video(owner), 80, 0);
                      world_.clock().advance(60'000);
                      feeds.refresh();
                    });
  EXPECT_EQ(paged, expected);
}

TEST_F(FeedServiceTest, trending_cursor_of_a_pruned_snapshot_continues_by_score) {
  auto owner = world_.add_user("owner");
  for (int i = 0; i < 6; ++i) world_.add_views(world_.add_video(owner), i + 1, kHour);
  FeedOptions options;
  options.snapshot_keep_ms = 0;
  auto feeds = service(options);
  feeds.refresh();
  auto first = feeds.trending(std::nullopt, TrendingPeriod::day, {3, std::nullopt});
  ASSERT_TRUE(first.next_cursor);
  world_.clock().advance(60'000);
  feeds.refresh();  // the first page's snapshot is gone now
  auto second = feeds.trending(std::nullopt, TrendingPeriod::day, {3, first.next_cursor});
  std::vector<std::string> ids;
  for (const auto& v : first.items) ids.push_back(v.id);
  for (const auto& v : second.items) ids.push_back(v.id);
  EXPECT_EQ(ids.size(), 6u);
  EXPECT_TRUE(unique(ids));
}

TEST_F(FeedServiceTest, trending_cursor_of_another_window_is_refused) {
  auto owner = world_.add_user("owner");
  for (int i = 0; i < 3; ++i) world_.add_views(world_.add_video(owner), 1, kHour);
  auto feeds = service();
  auto page = feeds.trending(std::nullopt, TrendingPeriod::day, {1, std::nullopt});
  ASSERT_TRUE(page.next_cursor);
  EXPECT_THROW(feeds.trending(std::nullopt, TrendingPeriod::week, {1, page.next_cursor}), Error);
  EXPECT_THROW(feeds.home(std::nullopt, {1, page.next_cursor}), Error);
}

TEST_F(FeedServiceTest, first_request_computes_a_snapshot_when_none_exists) {
  auto owner = world_.add_user("owner");
  auto video = world_.add_video(owner);
  world_.add_views(video, 1, kHour);
  auto feeds = service();
  auto page = feeds.trending(std::nullopt, TrendingPeriod::day, {});
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].id, video);
}

TEST_F(FeedServiceTest, home_pages_cover_every_listed_video_once_while_videos_arrive) {
  auto viewer = world_.add_user("viewer");
  auto followed = world_.add_user("followed");
  auto other = world_.add_user("other");
  world_.subscribe(viewer, followed);
  std::set<std::string> listed;
  for (int i = 0; i < 15; ++i) listed.insert(world_.add_video(followed, {.age_ms = (i + 1) * kHour}));
  for (int i = 0; i < 25; ++i) {
    auto id = world_.add_video(other, {.age_ms = (i + 1) * kHour});
    if (i % 2 == 0) world_.add_views(id, i + 1, kHour);
    listed.insert(id);
  }
  auto feeds = service();
  feeds.refresh();
  for (const auto& caller : {accounts::Caller(principal(viewer)), accounts::Caller()}) {
    const std::set<std::string> expected = listed;
    auto ids = walk([&](auto cursor) { return feeds.home(caller, {7, cursor}); },
                    [&] {
                      world_.clock().advance(1000);
                      listed.insert(world_.add_video(followed, {.age_ms = 0}));
                      listed.insert(world_.add_video(other, {.age_ms = 0}));
                      feeds.refresh();
                    });
    EXPECT_TRUE(unique(ids));
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), expected);
  }
}

TEST_F(FeedServiceTest, home_blends_subscriptions_trending_and_fresh) {
  auto viewer = world_.add_user("viewer");
  auto followed = world_.add_user("followed");
  auto other = world_.add_user("other");
  world_.subscribe(viewer, followed);
  std::set<std::string> from_followed, trending;
  for (int i = 0; i < 10; ++i) from_followed.insert(world_.add_video(followed, {.age_ms = (i + 1) * kHour}));
  for (int i = 0; i < 10; ++i) {
    auto id = world_.add_video(other, {.age_ms = 100 * kHour + i});
    world_.add_views(id, 3, kHour);
    trending.insert(id);
  }
  for (int i = 0; i < 10; ++i) world_.add_video(other, {.age_ms = i * 1000});
  auto feeds = service();
  auto page = feeds.home(principal(viewer), {10, std::nullopt});
  ASSERT_EQ(page.items.size(), 10u);
  // Pattern S T S T F S T S T F.
  for (std::size_t i : {0u, 2u, 5u, 7u}) EXPECT_TRUE(from_followed.count(page.items[i].id)) << i;
  for (std::size_t i : {1u, 3u, 6u, 8u}) EXPECT_TRUE(trending.count(page.items[i].id)) << i;
  for (std::size_t i : {4u, 9u}) {
    EXPECT_FALSE(from_followed.count(page.items[i].id) || trending.count(page.items[i].id)) << i;
  }
}

TEST_F(FeedServiceTest, subscriptions_pages_are_newest_first_without_gaps_while_videos_arrive) {
  auto viewer = world_.add_user("viewer");
  auto followed = world_.add_user("followed");
  auto stranger = world_.add_user("stranger");
  world_.subscribe(viewer, followed);
  std::vector<std::string> expected;
  for (int i = 0; i < 9; ++i) expected.push_back(world_.add_video(followed, {.age_ms = (i + 1) * kHour}));
  world_.add_video(stranger);
  auto feeds = service();
  auto ids = walk([&](auto cursor) { return feeds.subscriptions(principal(viewer), {2, cursor}); },
                  [&] { world_.add_video(followed, {.age_ms = 0}); });
  EXPECT_EQ(ids, expected);
}

TEST_F(FeedServiceTest, reels_order_is_fixed_by_the_session_seed_across_pages) {
  auto owner = world_.add_user("owner");
  for (int i = 0; i < 40; ++i) world_.add_video(owner, reel());
  FeedOptions options;
  options.reels_exploration = 1000;  // exploration decides the order
  auto feeds = service(options);
  auto whole = walk([&](auto cursor) { return feeds.reels(std::nullopt, "alpha", {100, cursor}); });
  ASSERT_EQ(whole.size(), 40u);
  auto other = walk([&](auto cursor) { return feeds.reels(std::nullopt, "beta", {100, cursor}); });
  EXPECT_NE(other, whole);
  EXPECT_EQ(std::set<std::string>(other.begin(), other.end()), std::set<std::string>(whole.begin(), whole.end()));
  auto paged = walk([&](auto cursor) { return feeds.reels(std::nullopt, "alpha", {3, cursor}); },
                    [&] {
                      world_.add_video(owner, reel());
                      world_.clock().advance(10'000);
                      feeds.refresh();
                    });
  EXPECT_EQ(paged, whole);
}

TEST_F(FeedServiceTest, reels_prefer_the_viewers_taste) {
  auto owner = world_.add_user("owner");
  auto viewer = world_.add_user("viewer");
  std::vector<std::string> cats, cooking;
  for (int i = 0; i < 5; ++i) cats.push_back(world_.add_video(owner, reel({"cats", "funny"})));
  for (int i = 0; i < 5; ++i) cooking.push_back(world_.add_video(owner, reel({"cooking", "recipe"})));
  for (int i = 0; i < 3; ++i) world_.add_history(viewer, cats[static_cast<std::size_t>(i)], kHour);
  FeedOptions options;
  options.reels_exploration = 0;
  auto feeds = service(options);
  auto page = feeds.reels(principal(viewer), "", {5, std::nullopt});
  ASSERT_EQ(page.items.size(), 5u);
  for (const auto& video : page.items) EXPECT_TRUE(std::count(cats.begin(), cats.end(), video.id)) << video.id;
}

// FeedQuery::adult is the route's verdict (?adult=true and past the age gate: FeedRoutes), so
// an anonymous caller past the gate by cookie sees them too.
TEST_F(FeedServiceTest, adult_videos_show_only_when_the_query_allows_them) {
  auto owner = world_.add_user("owner");
  auto viewer = world_.add_user("viewer");
  VideoSpec adult = reel();
  adult.adult = true;
  auto adult_video = world_.add_video(owner, adult);
  world_.add_views(adult_video, 3, kHour);
  auto feeds = service();
  feeds.refresh();
  const std::vector<std::string> only{adult_video};
  for (bool ask : {false, true}) {
    const auto expected = ask ? only : std::vector<std::string>{};
    EXPECT_EQ(ids_of(feeds.trending(std::nullopt, TrendingPeriod::day, {.adult = ask})), expected);
    EXPECT_EQ(ids_of(feeds.reels(std::nullopt, "", {.adult = ask})), expected);
    EXPECT_EQ(ids_of(feeds.home(std::nullopt, {.adult = ask})), expected);
    EXPECT_EQ(ids_of(feeds.trending(principal(viewer), TrendingPeriod::day, {.adult = ask})), expected);
    EXPECT_EQ(ids_of(feeds.reels(principal(viewer), "", {.adult = ask})), expected);
    EXPECT_EQ(ids_of(feeds.home(principal(viewer), {.adult = ask})), expected);
  }
}

TEST_F(FeedServiceTest, blocked_channels_never_show) {
  auto viewer = world_.add_user("viewer");
  auto blocked = world_.add_user("blocked");
  auto other = world_.add_user("other");
  world_.subscribe(viewer, blocked);  // a row a block would have ended: the block still wins
  world_.block(viewer, blocked);
  auto blocked_video = world_.add_video(blocked, reel());
  auto other_video = world_.add_video(other, reel());
  world_.add_views(blocked_video, 5, kHour);
  world_.add_views(other_video, 1, kHour);
  auto feeds = service();
  for (const auto& page : {feeds.home(principal(viewer), {}), feeds.trending(principal(viewer), TrendingPeriod::day, {}),
                           feeds.reels(principal(viewer), "", {}), feeds.subscriptions(principal(viewer), {})}) {
    for (const auto& video : page.items) EXPECT_NE(video.owner_id, blocked);
  }
  const auto day = feeds.trending(principal(viewer), TrendingPeriod::day, {});
  ASSERT_EQ(day.items.size(), 1u);
  EXPECT_EQ(day.items.front().id, other_video);
  EXPECT_EQ(feeds.trending(std::nullopt, TrendingPeriod::day, {}).items.front().id, blocked_video);
  EXPECT_EQ(feeds.trending(principal(other), TrendingPeriod::day, {}).items.front().id, blocked_video);
}

// Pages past what memory holds are read with SQL, which leaves out blocked channels too.
TEST_F(FeedServiceTest, pages_read_from_the_database_leave_out_blocked_channels) {
  auto viewer = world_.add_user("viewer");
  auto blocked = world_.add_user("blocked");
  auto other = world_.add_user("other");
  world_.block(viewer, blocked);
  world_.subscribe(viewer, blocked);
  world_.subscribe(viewer, other);
  std::set<std::string> others;
  for (int i = 0; i < 4; ++i) {
    world_.add_video(blocked, {.age_ms = (i + 1) * kHour});
    others.insert(world_.add_video(other, {.age_ms = (i + 1) * kHour + 1}));
  }
  FeedStore store(world_.db());
  FeedViewer blocker = feed_viewer(principal(viewer), false);
  blocker.blocked_channel_ids = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{blocked});
  const auto ids = [](const std::vector<FeedEntry>& entries) {
    std::set<std::string> out;
    for (const auto& entry : entries) out.insert(entry.id);
    return out;
  };
  EXPECT_EQ(ids(store.subscribed(viewer, blocker, std::nullopt, 100)), others);
  EXPECT_EQ(ids(store.fresh(blocker, std::nullopt, false, std::nullopt, 100)), others);
  EXPECT_EQ(store.fresh(feed_viewer(principal(other), false), std::nullopt, false, std::nullopt, 100).size(), 8u);
}

TEST_F(FeedServiceTest, limits_outside_one_to_a_hundred_are_refused) {
  auto feeds = service();
  EXPECT_THROW(feeds.home(std::nullopt, {0, std::nullopt}), Error);
  EXPECT_THROW(feeds.reels(std::nullopt, "", {101, std::nullopt}), Error);
  EXPECT_EQ(feeds.home(std::nullopt, {100, std::nullopt}).items.size(), 0u);
}

TEST(FeedSession, session_values_are_checked) {
  EXPECT_NO_THROW(validate_session("abc-DEF_1.2"));
  EXPECT_THROW(validate_session(""), Error);
  EXPECT_THROW(validate_session(std::string(65, 'a')), Error);
  EXPECT_THROW(validate_session("a b"), Error);
}

}  // namespace
}  // namespace marquee::feeds
