#include "search/RecencyWindows.h"

#include <gtest/gtest.h>

namespace marquee::search {
namespace {

TEST(RecencyWindows, SizesGrowByHalvesUpToAQuarterOfTheIndex) {
  EXPECT_TRUE(RecencyWindows::sizes_for(8'000).empty()) << "a small index is searched whole";
  EXPECT_EQ(RecencyWindows::sizes_for(13'000), (std::vector<std::int64_t>{2'048, 3'072}));
  const auto sizes = RecencyWindows::sizes_for(1'000'000);
  ASSERT_FALSE(sizes.empty());
  EXPECT_LE(sizes.back(), 250'000);
  EXPECT_GT(sizes.back() * 3 / 2, 250'000);
  for (std::size_t i = 1; i < sizes.size(); ++i) EXPECT_EQ(sizes[i], sizes[i - 1] * 3 / 2);
}

TEST(RecencyWindows, TheSmallestWindowThatHoldsEnoughVideos) {
  RecencyWindows windows;
  EXPECT_FALSE(windows.since_for(10)) << "nothing loaded";
  windows.replace({{6'144, 500}, {4'096, 700}, {9'216, 300}});
  EXPECT_EQ(windows.since_for(1), 700);
  EXPECT_EQ(windows.since_for(4'096), 700);
  EXPECT_EQ(windows.since_for(4'097), 500);
  EXPECT_EQ(windows.since_for(9'216), 300);
  EXPECT_FALSE(windows.since_for(9'217)) << "more than the largest window: the whole index";
}

}  // namespace
}  // namespace marquee::search
