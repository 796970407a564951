// CoWatch: viewers who completed this also completed that, weighted by both completions.
#include <gtest/gtest.h>

#include "recs/CoWatch.h"

namespace marquee::recs {
namespace {

std::vector<std::string> ids_of(std::span<const CoWatched> neighbours) {
  std::vector<std::string> ids;
  for (const auto& n : neighbours) ids.push_back(n.video_id);
  return ids;
}

double score_of(const CoWatchTable& table, const std::string& a, const std::string& b) {
  for (const auto& n : table.neighbours(a)) {
    if (n.video_id == b) return n.score;
  }
  return 0.0;
}

TEST(CoWatch, videos_finished_by_the_same_viewers_are_neighbours) {
  std::vector<WatchRecord> records;
  for (int u = 0; u < 6; ++u) {
    const std::string user = "u" + std::to_string(u);
    records.push_back({user, "a", 1.0, 10});
    records.push_back({user, "b", 1.0, 20});
  }
  records.push_back({"loner", "c", 1.0, 30});
  const auto table = CoWatchTable::compute(records);
  EXPECT_EQ(ids_of(table.neighbours("a")), std::vector<std::string>{"b"});
  EXPECT_TRUE(table.neighbours("c").empty());
  // Identical audiences: cosine 1, shrunk by 6 / (6 + 2).
  EXPECT_NEAR(score_of(table, "a", "b"), 6.0 / 8.0, 1e-9);
  EXPECT_DOUBLE_EQ(score_of(table, "a", "b"), score_of(table, "b", "a"));
}

TEST(CoWatch, completion_weighs_the_pair) {
  std::vector<WatchRecord> records;
  for (int u = 0; u < 5; ++u) {
    const std::string user = "u" + std::to_string(u);
    records.push_back({user, "source", 1.0, 10});
    records.push_back({user, "finished", 0.95, 20});
  }
  for (int u = 5; u < 10; ++u) {
    const std::string user = "u" + std::to_string(u);
    records.push_back({user, "source", 1.0, 10});
    records.push_back({user, "abandoned", 0.05, 20});
  }
  const auto table = CoWatchTable::compute(records);
  EXPECT_GT(score_of(table, "source", "finished"), score_of(table, "source", "abandoned"));
  EXPECT_EQ(ids_of(table.neighbours("source")).front(), "finished");
}

TEST(CoWatch, more_viewers_in_common_score_higher_until_the_cosine_decides) {
  std::vector<WatchRecord> records;
  for (int u = 0; u < 2; ++u) {
    records.push_back({"few" + std::to_string(u), "a", 1.0, 1});
    records.push_back({"few" + std::to_string(u), "b", 1.0, 2});
  }
  for (int u = 0; u < 20; ++u) {
    records.push_back({"many" + std::to_string(u), "c", 1.0, 1});
    records.push_back({"many" + std::to_string(u), "d", 1.0, 2});
  }
  const auto table = CoWatchTable::compute(records);
  EXPECT_GT(score_of(table, "c", "d"), score_of(table, "a", "b"));
  EXPECT_NEAR(score_of(table, "a", "b"), 0.5, 1e-9);
}

TEST(CoWatch, only_each_viewers_most_recent_watches_count) {
  std::vector<WatchRecord> records;
  for (int u = 0; u < 4; ++u) {
    const std::string user = "u" + std::to_string(u);
    records.push_back({user, "old", 1.0, 1});
    records.push_back({user, "new1", 1.0, 100});
    records.push_back({user, "new2", 1.0, 200});
  }
  CoWatchOptions options;
  options.per_viewer = 2;
  const auto table = CoWatchTable::compute(records, options);
  EXPECT_TRUE(table.neighbours("old").empty());
  EXPECT_EQ(ids_of(table.neighbours("new1")), std::vector<std::string>{"new2"});
}

TEST(CoWatch, each_video_keeps_its_best_neighbours_only) {
  std::vector<WatchRecord> records;
  for (int v = 0; v < 10; ++v) {
    for (int u = 0; u <= v; ++u) {  // video v shares u ≤ v viewers with "hub"
      const std::string user = "u" + std::to_string(v) + "_" + std::to_string(u);
      records.push_back({user, "hub", 1.0, 1});
      records.push_back({user, "v" + std::to_string(v), 1.0, 2});
    }
  }
  CoWatchOptions options;
  options.neighbours = 3;
  const auto table = CoWatchTable::compute(records, options);
  EXPECT_EQ(ids_of(table.neighbours("hub")), (std::vector<std::string>{"v9", "v8", "v7"}));
}

}  // namespace
}  // namespace marquee::recs
