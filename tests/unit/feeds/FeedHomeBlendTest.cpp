// The home feed's interleaving: a fixed pattern by absolute position, fallbacks when a source
// runs dry, and the same sequence however the feed is cut into pages.
#include <gtest/gtest.h>

#include "feeds/HomeBlend.h"

namespace marquee::feeds {
namespace {

using enum HomeSource;

TEST(FeedHomeBlend, pattern_gives_four_tenths_to_subscriptions_and_trending_and_two_to_fresh) {
  int counts[3] = {};
  for (int position = 0; position < 1000; ++position) ++counts[static_cast<int>(scheduled_source(position))];
  EXPECT_EQ(counts[0], 400);
  EXPECT_EQ(counts[1], 400);
  EXPECT_EQ(counts[2], 200);
  EXPECT_EQ(scheduled_source(0), subscriptions);
  EXPECT_EQ(scheduled_source(1), trending);
  EXPECT_EQ(scheduled_source(4), fresh);
  EXPECT_EQ(scheduled_source(14), fresh);
}

TEST(FeedHomeBlend, empty_sources_give_their_places_to_the_others) {
  auto order = blend(0, {0, 3, 10}, 6);
  EXPECT_EQ(order, (std::vector<HomeSource>{trending, trending, trending, fresh, fresh, fresh}));
}

TEST(FeedHomeBlend, stops_when_every_source_is_empty) {
  EXPECT_EQ(blend(0, {1, 1, 1}, 10).size(), 3u);
  EXPECT_TRUE(blend(5, {0, 0, 0}, 10).empty());
}

TEST(FeedHomeBlend, never_takes_more_than_a_source_has) {
  auto order = blend(3, {2, 5, 1}, 20);
  int counts[3] = {};
  for (auto source : order) ++counts[static_cast<int>(source)];
  EXPECT_EQ(counts[0], 2);
  EXPECT_EQ(counts[1], 5);
  EXPECT_EQ(counts[2], 1);
}

// Pages of any size, each seeing at most limit + 1 items of every source (as FeedService
// fetches them), produce the same sequence as one long page.
TEST(FeedHomeBlend, pages_concatenate_to_the_whole_feed) {
  const std::array<std::size_t, 3> totals = {7, 23, 40};
  const auto whole = blend(0, totals, 1000);
  ASSERT_EQ(whole.size(), 70u);
  for (std::size_t limit : {1u, 3u, 10u, 16u}) {
    std::vector<HomeSource> paged;
    std::array<std::size_t, 3> used = {0, 0, 0};
    std::int64_t position = 0;
    for (;;) {
      std::array<std::size_t, 3> visible{};
      for (std::size_t s = 0; s < 3; ++s) visible[s] = std::min(totals[s] - used[s], limit + 1);
      auto page = blend(position, visible, limit);
      if (page.empty()) break;
      for (auto source : page) ++used[static_cast<std::size_t>(source)];
      position += static_cast<std::int64_t>(page.size());
      paged.insert(paged.end(), page.begin(), page.end());
    }
    EXPECT_EQ(paged, whole) << "limit " << limit;
  }
}

}  // namespace
}  // namespace marquee::feeds
