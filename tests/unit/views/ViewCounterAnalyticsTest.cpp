// What the counter buffers for the studio's analytics: audience-retention points reached
// once per session, watch time by UTC day, and the traffic source each counted view carries.
// The "database" is the batches the writer receives, as in ViewCounterTest.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

#include "core/Clock.h"
#include "views/ViewCounter.h"

namespace marquee::views {
namespace {

constexpr std::int64_t kDuration = 60'000;
constexpr Millis kJan1 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

class ViewCounterAnalyticsTest : public ::testing::Test {
 protected:
  ViewCounter make_counter() {
    return ViewCounter(rules_, [this](const ViewerKey& key) -> std::optional<ViewerState> {
      auto it = stored_.find(key);
      if (it == stored_.end()) return std::nullopt;
      return it->second;
    });
  }

  void flush(ViewCounter& counter) {
    counter.flush([this](const ViewBatch& batch) {
      for (const auto& [key, state] : batch.viewers) stored_[key] = state;
      for (const auto& view : batch.counted) counted_.push_back(view);
      for (const auto& [key, delta] : batch.daily) watched_by_day_[key.second] += delta.watched_ms;
      for (const auto& [video, delta] : batch.retention) retention_[video].merge(delta);
    });
  }

  bool beacon(ViewCounter& counter, const std::string& viewer, std::int64_t position, std::int64_t watched,
              const std::string& session, std::optional<TrafficSource> source = std::nullopt) {
    return counter.record("video1", kDuration, Viewer{viewer, std::nullopt}, Beacon{position, watched, session, source},
                          clock_.now_ms());
  }

  std::int64_t reached(int point) { return retention_["video1"].sessions[static_cast<std::size_t>(point)]; }

  CountingRules rules_;
  ManualClock clock_{kJan1 + 12 * 3600 * 1000};
  std::map<ViewerKey, ViewerState> stored_;
  std::vector<CountedView> counted_;
  std::map<UtcDay, std::int64_t> watched_by_day_;
  std::map<std::string, RetentionDelta> retention_;
};

TEST_F(ViewCounterAnalyticsTest, a_session_adds_each_point_it_passes_once_whatever_it_reports) {
  auto counter = make_counter();
  beacon(counter, "a:x", 0, 0, "s1");
  beacon(counter, "a:x", 30'000, 30'000, "s1");  // points 0 … 50
  beacon(counter, "a:x", 30'000, 30'000, "s1");  // repeated: nothing new
  beacon(counter, "a:x", 15'000, 45'000, "s1");  // sought back: nothing new
  flush(counter);
  beacon(counter, "a:x", 45'000, 60'000, "s1");  // points 51 … 75, in the next flush
  flush(counter);
  for (int point = 0; point <= 75; ++point) EXPECT_EQ(reached(point), 1) << point;
  for (int point = 76; point < kAudienceRetentionPoints; ++point) EXPECT_EQ(reached(point), 0) << point;
}

TEST_F(ViewCounterAnalyticsTest, every_session_counts_from_the_start_and_the_curve_adds_them_up) {
  auto counter = make_counter();
  beacon(counter, "a:x", 60'000, 60'000, "s1");  // the whole video
  beacon(counter, "a:x", 6'000, 6'000, "s2");    // the same viewer again: a new session
  beacon(counter, "a:y", 0, 1'000, "t1");        // left at once
  flush(counter);
  EXPECT_EQ(reached(0), 3);
  EXPECT_EQ(reached(1), 2);
  EXPECT_EQ(reached(10), 2);
  EXPECT_EQ(reached(11), 1);
  EXPECT_EQ(reached(99), 1);
}

TEST_F(ViewCounterAnalyticsTest, a_session_read_back_from_the_database_continues_where_it_was) {
  {
    auto counter = make_counter();
    beacon(counter, "a:x", 30'000, 30'000, "s1");
    flush(counter);
  }
  auto restarted = make_counter();  // nothing in memory: the viewer's state is read back
  beacon(restarted, "a:x", 36'000, 36'000, "s1");
  flush(restarted);
  EXPECT_EQ(reached(50), 1);
  EXPECT_EQ(reached(60), 1);
  EXPECT_EQ(reached(0), 1);  // not counted a second time
}

TEST_F(ViewCounterAnalyticsTest, watch_time_goes_to_the_utc_day_of_each_beacon) {
  auto counter = make_counter();
  clock_.advance(11 * 3600 * 1000 + 59 * 60 * 1000);  // 23:59 on January 1st
  beacon(counter, "a:x", 10'000, 10'000, "s1");
  clock_.advance(2 * 60 * 1000);  // 00:01 on January 2nd
  beacon(counter, "a:x", 25'000, 25'000, "s1");
  flush(counter);
  EXPECT_EQ(watched_by_day_[utc_day(kJan1)], 10'000);
  EXPECT_EQ(watched_by_day_[utc_day(kJan1) + 1], 15'000);
}

TEST_F(ViewCounterAnalyticsTest, a_counted_view_carries_its_sessions_first_source_or_external) {
  auto counter = make_counter();
  beacon(counter, "a:x", 1'000, 1'000, "s1", TrafficSource::search);
  EXPECT_TRUE(beacon(counter, "a:x", 6'000, 6'000, "s1", TrafficSource::home));  // the first source stays
  EXPECT_TRUE(beacon(counter, "a:y", 6'000, 6'000, "t1"));                        // none: external
  beacon(counter, "a:z", 1'000, 1'000, "u1");
  EXPECT_TRUE(beacon(counter, "a:z", 6'000, 6'000, "u1", TrafficSource::reels));  // sent late: still its source
  flush(counter);
  ASSERT_EQ(counted_.size(), 3u);
  EXPECT_EQ(counted_[0].source, TrafficSource::search);
  EXPECT_EQ(counted_[1].source, TrafficSource::external);
  EXPECT_EQ(counted_[2].source, TrafficSource::reels);
  EXPECT_EQ(stored_[(ViewerKey{"video1", "a:x"})].session_source, "search");
}

TEST_F(ViewCounterAnalyticsTest, a_new_session_forgets_the_last_ones_source) {
  auto counter = make_counter();
  beacon(counter, "a:x", 6'000, 6'000, "s1", TrafficSource::search);
  flush(counter);
  clock_.advance(rules_.window_ms);  // the next view counts again
  EXPECT_TRUE(beacon(counter, "a:x", 6'000, 6'000, "s2"));
  flush(counter);
  ASSERT_EQ(counted_.size(), 2u);
  EXPECT_EQ(counted_[1].source, TrafficSource::external);
}

TEST_F(ViewCounterAnalyticsTest, a_failed_write_keeps_the_analytics_for_the_next_flush) {
  auto counter = make_counter();
  beacon(counter, "a:x", 30'000, 30'000, "s1");
  EXPECT_THROW(counter.flush([](const ViewBatch&) { throw std::runtime_error("database down"); }), std::runtime_error);
  beacon(counter, "a:y", 0, 2'000, "t1");
  flush(counter);
  EXPECT_EQ(reached(0), 2);
  EXPECT_EQ(reached(50), 1);
  EXPECT_EQ(watched_by_day_[utc_day(kJan1)], 32'000);
}

TEST_F(ViewCounterAnalyticsTest, a_deleted_video_takes_its_buffered_analytics_with_it) {
  auto counter = make_counter();
  beacon(counter, "a:x", 30'000, 30'000, "s1");
  counter.forget_video("video1");
  flush(counter);
  EXPECT_TRUE(retention_.empty());
  EXPECT_TRUE(watched_by_day_.empty());
}

}  // namespace
}  // namespace marquee::views
