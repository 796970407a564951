// The in-memory counter with a manual clock: when beacons count, what a flush hands over,
// and that memory stays bounded. The "database" is a map the loader reads and the writer
// fills, so every batch is visible to the test.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

#include "core/Clock.h"
#include "views/ViewCounter.h"

namespace marquee::views {
namespace {

constexpr Millis kMinute = 60'000;
constexpr Millis kHour = 60 * kMinute;
constexpr std::int64_t kDuration = 60'000;

class ViewCounterTest : public ::testing::Test {
 protected:
  ViewCounter make_counter(std::size_t capacity = kDefaultViewerCapacity) {
    return ViewCounter(
        rules_,
        [this](const ViewerKey& key) -> std::optional<ViewerState> {
          ++loads_;
          auto it = stored_.find(key);
          if (it == stored_.end()) return std::nullopt;
          return it->second;
        },
        capacity);
  }

  // Flushes into stored_ and the running totals.
  void flush(ViewCounter& counter) {
    counter.flush([this](const ViewBatch& batch) {
      for (const auto& [key, state] : batch.viewers) stored_[key] = state;
      for (const auto& view : batch.counted) ++views_[view.key.video_id];
      for (const auto& [video, delta] : batch.stats) stats_[video].merge(delta);
      for (const auto& [key, delta] : batch.history) {
        auto [it, inserted] = history_.try_emplace(key, delta);
        if (!inserted) it->second.merge(delta);
      }
    });
  }

  bool beacon(ViewCounter& counter, const std::string& viewer, std::int64_t position, std::int64_t watched,
              const std::string& session = "s1", std::optional<std::string> user = std::nullopt,
              std::int64_t duration = kDuration) {
    return counter.record("video1", duration, Viewer{viewer, user}, Beacon{position, watched, session},
                          clock_.now_ms());
  }

  CountingRules rules_;
  ManualClock clock_{1'700'000'000'000};
  std::map<ViewerKey, ViewerState> stored_;
  std::map<std::string, std::int64_t> views_;
  std::map<std::string, VideoStatsDelta> stats_;
  std::map<HistoryKey, HistoryDelta> history_;
  int loads_ = 0;
};

TEST_F(ViewCounterTest, repeated_beacons_within_the_window_count_once) {
  auto counter = make_counter();
  EXPECT_FALSE(beacon(counter, "a:x", 1'000, 1'000));
  EXPECT_TRUE(beacon(counter, "a:x", 6'000, 6'000));
  clock_.advance(10'000);
  EXPECT_FALSE(beacon(counter, "a:x", 16'000, 16'000));
  EXPECT_FALSE(beacon(counter, "a:x", 0, 20'000, "s2"));
  flush(counter);
  EXPECT_EQ(views_["video1"], 1);
  EXPECT_EQ(loads_, 1);  // one database read for the viewer, none per beacon
}

TEST_F(ViewCounterTest, below_the_minimum_watch_time_nothing_counts) {
  auto counter = make_counter();
  EXPECT_FALSE(beacon(counter, "a:x", 4'000, 4'999));
  EXPECT_FALSE(beacon(counter, "a:y", 2'000, 2'999, "s1", std::nullopt, 10'000));
  EXPECT_TRUE(beacon(counter, "a:y", 3'000, 3'000, "s1", std::nullopt, 10'000));
  flush(counter);
  EXPECT_EQ(views_["video1"], 1);
}

TEST_F(ViewCounterTest, a_new_window_counts_again) {
  auto counter = make_counter();
  EXPECT_TRUE(beacon(counter, "u:alice", 6'000, 6'000));
  clock_.advance(23 * kHour);
  EXPECT_FALSE(beacon(counter, "u:alice", 6'000, 6'000, "s2"));
  clock_.advance(kHour);
  EXPECT_TRUE(beacon(counter, "u:alice", 7'000, 7'000, "s2"));
  flush(counter);
  EXPECT_EQ(views_["video1"], 2);
}

TEST_F(ViewCounterTest, the_dedup_state_is_read_back_after_a_restart) {
  {
    auto counter = make_counter();
    EXPECT_TRUE(beacon(counter, "a:x", 6'000, 6'000));
    flush(counter);
  }
  auto restarted = make_counter();
  clock_.advance(kHour);
  EXPECT_FALSE(beacon(restarted, "a:x", 8'000, 8'000));
  flush(restarted);
  EXPECT_EQ(views_["video1"], 1);
  // The session's watch time continues from what was stored: 2 s more, not 8.
  EXPECT_EQ(stats_["video1"].watched_ms, 8'000);
}

TEST_F(ViewCounterTest, cumulative_watch_time_adds_only_what_is_new) {
  auto counter = make_counter();
  beacon(counter, "a:x", 2'000, 2'000);
  beacon(counter, "a:x", 4'000, 4'000);
  beacon(counter, "a:x", 4'000, 3'000);  // late or repeated beacon
  beacon(counter, "a:x", 1'000, 1'000, "s2");
  flush(counter);
  EXPECT_EQ(stats_["video1"].watched_ms, 5'000);
}

TEST_F(ViewCounterTest, completion_samples_are_sessions_past_the_minimum_with_their_furthest_position) {
  auto counter = make_counter();
  beacon(counter, "a:x", 3'000, 3'000);     // not a sample yet
  beacon(counter, "a:x", 30'000, 30'000);   // sample at 0.5
  beacon(counter, "a:x", 45'000, 45'000);   // the same sample grows to 0.75
  beacon(counter, "a:y", 15'000, 15'000);   // a second sample at 0.25
  beacon(counter, "a:z", 1'000, 1'000);     // too short to be a sample
  flush(counter);
  EXPECT_EQ(stats_["video1"].completion_samples, 2);
  EXPECT_NEAR(stats_["video1"].completion_sum, 1.0, 1e-9);
}

TEST_F(ViewCounterTest, a_new_session_from_the_start_after_finishing_is_a_rewatch) {
  auto counter = make_counter();
  beacon(counter, "u:alice", 30'000, 30'000, "s1", "alice");
  beacon(counter, "u:alice", 0, 0, "s2", "alice");  // not finished before: no rewatch
  beacon(counter, "u:alice", 59'000, 59'000, "s2", "alice");
  beacon(counter, "u:alice", 40'000, 1'000, "s3", "alice");  // starts in the middle: no rewatch
  beacon(counter, "u:alice", 1'000, 1'000, "s4", "alice");
  flush(counter);
  EXPECT_EQ(stats_["video1"].rewatches, 1);
  const auto& history = history_[{"alice", "video1"}];
  EXPECT_EQ(history.rewatches, 1);
  EXPECT_EQ(history.position_ms, 1'000);
  EXPECT_EQ(history.max_position_ms, 59'000);
}

TEST_F(ViewCounterTest, only_signed_in_viewers_get_history) {
  auto counter = make_counter();
  beacon(counter, "a:x", 6'000, 6'000);
  beacon(counter, "u:bob", 6'000, 6'000, "s1", "bob");
  flush(counter);
  EXPECT_EQ(history_.size(), 1u);
  EXPECT_TRUE(history_.count({"bob", "video1"}));
}

TEST_F(ViewCounterTest, a_failed_write_keeps_everything_for_the_next_flush) {
  auto counter = make_counter();
  beacon(counter, "a:x", 6'000, 6'000);
  EXPECT_THROW(counter.flush([](const ViewBatch&) { throw std::runtime_error("database down"); }),
               std::runtime_error);
  beacon(counter, "a:y", 7'000, 7'000);
  flush(counter);
  EXPECT_EQ(views_["video1"], 2);
  EXPECT_EQ(stats_["video1"].watched_ms, 13'000);
  EXPECT_EQ(stored_.size(), 2u);
}

TEST_F(ViewCounterTest, memory_stays_bounded_and_forgotten_viewers_are_read_back) {
  auto counter = make_counter(10);
  for (int i = 0; i < 50; ++i) {
    beacon(counter, "a:v" + std::to_string(i), 6'000, 6'000);
    if (i % 5 == 4) flush(counter);
  }
  flush(counter);
  EXPECT_LE(counter.tracked_viewers(), 10u);
  EXPECT_EQ(views_["video1"], 50);
  EXPECT_FALSE(beacon(counter, "a:v0", 8'000, 8'000));  // read back: already counted
  flush(counter);
  EXPECT_EQ(views_["video1"], 50);
}

TEST_F(ViewCounterTest, forgetting_history_drops_what_is_buffered_for_it) {
  auto counter = make_counter();
  beacon(counter, "u:alice", 6'000, 6'000, "s1", "alice");
  ASSERT_TRUE(counter.pending_history({"alice", "video1"}));
  counter.forget_history("alice");
  EXPECT_FALSE(counter.pending_history({"alice", "video1"}));
  flush(counter);
  EXPECT_TRUE(history_.empty());
  EXPECT_EQ(views_["video1"], 1);
}

}  // namespace
}  // namespace marquee::views
