// Ranking a window of matches: an exact title first, then relevance times a mild prior.
#include <gtest/gtest.h>

#include "search/SearchRanking.h"

namespace marquee::search {
namespace {

constexpr Millis kNow = 1'800'000'000'000;
constexpr Millis kDay = 86'400'000;

TEST(SearchRanking, TheExactTitleComesFirstWhateverItsScore) {
  std::vector<VideoHit> hits{{"a", 9.0, kNow, 1000, "Harbour seal colony"},
                             {"b", 2.0, kNow - 300 * kDay, 0, "Harbour  SEAL!"},
                             {"c", 5.0, kNow, 10, "Seal of the harbour"}};
  rank_window(hits, "harbour seal", kNow);
  EXPECT_EQ(hits[0].id, "b");
  EXPECT_EQ(hits[1].id, "a");
  EXPECT_EQ(hits[2].id, "c");
}

TEST(SearchRanking, ThePriorIsMild) {
  EXPECT_DOUBLE_EQ(ranking_prior(0, 10'000 * kDay), 1.0);
  EXPECT_NEAR(ranking_prior(999'999, 0), 1.25, 1e-6) << "a million views and brand new: at most 25 % more";
  EXPECT_LT(ranking_prior(100, 0), ranking_prior(10'000, 0));
  EXPECT_LT(ranking_prior(100, 60 * kDay), ranking_prior(100, 0));
  // A clearly better text match beats popularity and freshness.
  std::vector<VideoHit> hits{{"popular", 4.0, kNow, 5'000'000, "x"}, {"relevant", 6.0, kNow - 400 * kDay, 0, "y"}};
  rank_window(hits, "q", kNow);
  EXPECT_EQ(hits[0].id, "relevant");
  // Between equals, the prior decides.
  hits = {{"old", 5.0, kNow - 400 * kDay, 10, "x"}, {"new", 5.0, kNow, 10, "y"}};
  rank_window(hits, "q", kNow);
  EXPECT_EQ(hits[0].id, "new");
}

}  // namespace
}  // namespace marquee::search
