#pragma once
// The reel candidates of the last few snapshots, in memory: every reels page ranks a whole
// candidate list, and a snapshot never changes once written, so each process loads one at
// most once. Thread-safe.
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "feeds/FeedStore.h"

namespace marquee::feeds {

class ReelCandidateCache {
 public:
  using Candidates = std::shared_ptr<const ReelCandidates>;

  // The candidates of `generation`, calling `load` (outside the lock) when they are not held.
  Candidates get(std::int64_t generation, const std::function<ReelCandidates()>& load);

 private:
  static constexpr std::size_t kGenerationsHeld = 4;

  std::mutex mutex_;  // guards entries_
  std::deque<std::pair<std::int64_t, Candidates>> entries_;  // most recently added last
};

}  // namespace marquee::feeds
