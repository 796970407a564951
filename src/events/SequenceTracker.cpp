#include "events/SequenceTracker.h"

namespace marquee::events {

bool SequenceTracker::gap(const std::string& origin, std::uint64_t sequence) {
  std::lock_guard lock(mutex_);
  auto [it, first] = last_.try_emplace(origin, sequence);
  if (first) return false;
  const bool skipped = sequence != it->second + 1;
  it->second = sequence;
  return skipped;
}

void SequenceTracker::reset() {
  std::lock_guard lock(mutex_);
  last_.clear();
}

}  // namespace marquee::events
