#pragma once
// Values derived from the last few ranking snapshots (a trending order, the reel candidates),
// in memory: a snapshot never changes once written, so each process reads one at most once
// and keeps it until newer ones push it out. Thread-safe.
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>

namespace marquee::feeds {

template <class Value>
class SnapshotCache {
 public:
  using Held = std::shared_ptr<const Value>;

  // The value of `generation` when it is held.
  Held find(std::int64_t generation) {
    std::lock_guard lock(mutex_);
    for (const auto& [kept, value] : entries_) {
      if (kept == generation) return value;
    }
    return nullptr;
  }

  // The value of `generation`, calling `load` when it is not held. One load at a time: when a
  // new snapshot appears every request wants it at once, and one reads it for all of them.
  Held get(std::int64_t generation, const std::function<Value()>& load) {
    if (auto held = find(generation)) return held;
    std::lock_guard loading(load_mutex_);
    if (auto held = find(generation)) return held;
    auto loaded = std::make_shared<const Value>(load());
    std::lock_guard lock(mutex_);
    entries_.emplace_back(generation, loaded);
    if (entries_.size() > kGenerationsHeld) entries_.pop_front();
    return loaded;
  }

 private:
  static constexpr std::size_t kGenerationsHeld = 4;

  std::mutex load_mutex_;  // held while loading, outside mutex_
  std::mutex mutex_;       // guards entries_
  std::deque<std::pair<std::int64_t, Held>> entries_;  // most recently added last
};

}  // namespace marquee::feeds
