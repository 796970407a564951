// The ranking refresh against a real database: SQL sums the same decay the formula defines,
// snapshots hold only what feeds may list, recent engagement ranks first, old snapshots go.
#include <gtest/gtest.h>

#include <algorithm>

#include "FeedTestWorld.h"
#include "feeds/RankingRefresher.h"
#include "feeds/RankingStore.h"
#include "feeds/TrendingFormula.h"

namespace marquee::feeds {
namespace {

using testing::FeedTestWorld;
using testing::kHour;
using testing::reel;
using testing::VideoSpec;

std::vector<std::string> ranked_ids(db::Database& db, const std::string& sql, std::int64_t generation) {
  std::vector<std::string> ids;
  for (auto row : db.query(sql, {generation})) ids.push_back(row.str("video_id"));
  return ids;
}

std::vector<std::string> trending_ids(db::Database& db, std::int64_t generation, const std::string& period = "24h") {
  std::vector<std::string> ids;
  for (auto row : db.query("SELECT video_id FROM trending_scores WHERE period = ? AND generation = ? ORDER BY rank",
                           {period, generation})) {
    ids.push_back(row.str("video_id"));
  }
  return ids;
}

std::vector<std::string> reel_ids(db::Database& db, std::int64_t generation) {
  return ranked_ids(db, "SELECT video_id FROM reel_scores WHERE generation = ? ORDER BY rank", generation);
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(RankingRefresher, sql_sums_exactly_the_decay_the_formula_defines) {
  FeedTestWorld world;
  auto owner = world.add_user("owner");
  auto video = world.add_video(owner);
  const Millis scale = 12 * kHour;
  const std::vector<Millis> view_ages = {0, kHour, 5 * kHour + 123, 23 * kHour};
  for (Millis age : view_ages) world.add_view(video, world.add_user("viewer"), age);
  world.add_rating(video, world.add_user("fan"), true, 2 * kHour);
  world.add_rating(video, world.add_user("fan"), true, 7 * kHour);
  world.add_rating(video, world.add_user("critic"), false, 3 * kHour);
  world.add_comment(video, owner, 30 * 60'000);
  world.add_view(video, world.add_user("old"), 30 * kHour);  // outside the window

  world.add_view(video, world.add_user("older"), 8 * 24 * kHour);  // outside both windows

  RankingStore store(world.db());
  auto engaged = store.engaged(world.clock().now_ms());
  ASSERT_EQ(engaged.size(), 1u);
  const auto& day = engaged[0].recent[0];
  double views = 0;
  for (Millis age : view_ages) views += decay_weight(age, scale);
  EXPECT_NEAR(day.views, views, 1e-12);
  EXPECT_NEAR(day.likes, decay_weight(2 * kHour, scale) + decay_weight(7 * kHour, scale), 1e-12);
  EXPECT_NEAR(day.dislikes, decay_weight(3 * kHour, scale), 1e-12);
  EXPECT_NEAR(day.comments, decay_weight(30 * 60'000, scale), 1e-12);

  const Millis week_scale = 72 * kHour;
  const auto& week = engaged[0].recent[1];
  double week_views = decay_weight(30 * kHour, week_scale);
  for (Millis age : view_ages) week_views += decay_weight(age, week_scale);
  EXPECT_NEAR(week.views, week_views, 1e-12);
  EXPECT_NEAR(week.dislikes, decay_weight(3 * kHour, week_scale), 1e-12);
  EXPECT_EQ(engaged[0].quality.completion_samples, 0);
}

TEST(RankingRefresher, recent_engagement_outranks_the_same_engagement_earlier) {
  FeedTestWorld world;
  auto owner = world.add_user("owner");
  auto older = world.add_video(owner, {.age_ms = 30 * kHour});
  auto recent = world.add_video(owner, {.age_ms = 40 * kHour});
  world.add_views(older, 10, 20 * kHour);
  world.add_views(recent, 10, 1 * kHour);
  for (auto* video : {&older, &recent}) {
    world.add_rating(*video, world.add_user("fan"), true, *video == older ? 20 * kHour : kHour);
  }
  RankingRefresher refresher(world.db(), world.clock(), {});
  auto generation = refresher.refresh();
  EXPECT_EQ(trending_ids(world.db(), generation), (std::vector<std::string>{recent, older}));
  EXPECT_EQ(trending_ids(world.db(), generation, "7d"), (std::vector<std::string>{recent, older}));
}

TEST(RankingRefresher, watch_quality_lifts_an_equally_engaged_video) {
  FeedTestWorld world;
  auto owner = world.add_user("owner");
  auto skipped = world.add_video(owner);
  auto finished = world.add_video(owner);
  world.add_views(skipped, 5, kHour);
  world.add_views(finished, 5, kHour);
  world.set_stats(skipped, 10.0, 50, 0);
  world.set_stats(finished, 45.0, 50, 20);
  RankingRefresher refresher(world.db(), world.clock(), {});
  EXPECT_EQ(trending_ids(world.db(), refresher.refresh()), (std::vector<std::string>{finished, skipped}));
}

TEST(RankingRefresher, snapshots_hold_only_public_published_videos) {
  FeedTestWorld world;
  auto owner = world.add_user("owner");
  std::vector<std::string> hidden;
  for (const auto& [visibility, status] : std::vector<std::pair<std::string, std::string>>{
           {"unlisted", "ready"}, {"private", "ready"}, {"public", "failed"}, {"public", "draft"}, {"public", "processing"}}) {
    VideoSpec spec = reel();
    spec.visibility = visibility;
    spec.status = status;
    hidden.push_back(world.add_video(owner, spec));
  }
  auto listed = world.add_video(owner, reel());
  auto playable = world.add_video(owner, [] { auto s = reel(); s.status = "playable"; return s; }());
  for (const auto& id : hidden) world.add_views(id, 3, kHour);
  world.add_views(listed, 3, kHour);
  world.add_views(playable, 2, kHour);

  RankingRefresher refresher(world.db(), world.clock(), {});
  auto generation = refresher.refresh();
  EXPECT_EQ(trending_ids(world.db(), generation), (std::vector<std::string>{listed, playable}));
  auto reels = reel_ids(world.db(), generation);
  EXPECT_EQ(reels.size(), 2u);
  for (const auto& id : hidden) EXPECT_FALSE(contains(reels, id));
}

TEST(RankingRefresher, reels_are_short_vertical_videos_only) {
  FeedTestWorld world;
  auto owner = world.add_user("owner");
  auto short_vertical = world.add_video(owner, reel());
  auto long_vertical = world.add_video(owner, [] { auto s = reel(); s.duration_ms = 91'000; return s; }());
  auto horizontal = world.add_video(owner, [] { auto s = reel(); s.width = 1920; s.height = 1080; return s; }());
  auto square = world.add_video(owner, [] { auto s = reel(); s.width = 1080; s.height = 1080; return s; }());
  auto unknown_length = world.add_video(owner, [] { auto s = reel(); s.duration_ms = 0; return s; }());
  RankingRefresher refresher(world.db(), world.clock(), {});
  EXPECT_EQ(reel_ids(world.db(), refresher.refresh()), (std::vector<std::string>{short_vertical}));

  FeedOptions longer;
  longer.reels_max_duration_ms = 120'000;
  RankingRefresher generous(world.db(), world.clock(), longer);
  auto reels = reel_ids(world.db(), generous.refresh());
  EXPECT_TRUE(contains(reels, long_vertical));
  EXPECT_FALSE(contains(reels, horizontal));
  EXPECT_FALSE(contains(reels, square));
  EXPECT_FALSE(contains(reels, unknown_length));
}

TEST(RankingRefresher, superseded_snapshots_are_pruned_after_the_keep_time) {
  FeedTestWorld world;
  auto owner = world.add_user("owner");
  world.add_views(world.add_video(owner), 2, kHour);
  FeedOptions options;
  options.snapshot_keep_ms = 10 * 60'000;
  RankingRefresher refresher(world.db(), world.clock(), options);
  auto first = refresher.refresh();
  world.clock().advance(60'000);
  auto second = refresher.refresh();
  EXPECT_EQ(second, first + 1);
  EXPECT_EQ(trending_ids(world.db(), first).size(), 1u);
  world.clock().advance(10 * 60'000);
  auto third = refresher.refresh();
  EXPECT_TRUE(trending_ids(world.db(), first).empty());
  EXPECT_EQ(trending_ids(world.db(), second).size(), 1u);  // computed exactly keep-time ago
  world.clock().advance(60 * 60'000);
  auto fourth = refresher.refresh();
  EXPECT_TRUE(trending_ids(world.db(), third).empty());
  EXPECT_EQ(trending_ids(world.db(), fourth).size(), 1u);
  auto snapshots = world.db().query("SELECT COUNT(*) AS n FROM feed_snapshots").front().i64("n");
  EXPECT_EQ(snapshots, 1);
}

TEST(RankingRefresher, trending_keeps_the_configured_number_of_videos) {
  FeedTestWorld world;
  auto owner = world.add_user("owner");
  for (int i = 0; i < 5; ++i) world.add_views(world.add_video(owner), i + 1, kHour);
  FeedOptions options;
  options.trending_size = 3;
  RankingRefresher refresher(world.db(), world.clock(), options);
  EXPECT_EQ(trending_ids(world.db(), refresher.refresh()).size(), 3u);
}

TEST(RankingRefresher, ties_break_by_newer_upload_then_id) {
  auto ranked = top_ranked({{"aaa", 10, 5.0}, {"bbb", 20, 5.0}, {"ccc", 20, 5.0}, {"ddd", 0, 9.0}}, 10);
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked[0].video_id, "ddd");
  EXPECT_EQ(ranked[1].video_id, "ccc");
  EXPECT_EQ(ranked[2].video_id, "bbb");
  EXPECT_EQ(ranked[3].video_id, "aaa");
  EXPECT_EQ(top_ranked({{"aaa", 10, 5.0}, {"bbb", 20, 6.0}}, 1).front().video_id, "bbb");
}

}  // namespace
}  // namespace marquee::feeds
