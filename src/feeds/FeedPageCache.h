#pragma once
// Serialized feed pages that do not depend on who asks (trending; home and reels for
// anonymous callers), kept for a moment so a popular page is answered from memory on the I/O
// thread. An entry lives `ttl`; a ranking refresh or a changed or deleted video clears every
// entry, and a page computed while a clear happened is not stored. When a popular page expires, callers
// that missed it take its compute lock, so one computes it and the others read its result
// instead of all computing it at once. Thread-safe.
#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace marquee::feeds {

class FeedPageCache {
 public:
  explicit FeedPageCache(std::chrono::milliseconds ttl, std::size_t capacity = 10'000);

  bool enabled() const { return ttl_.count() > 0; }
  std::optional<std::string> get(const std::string& key) const;
  // Changes with every clear(): read it before computing a page, pass it to put().
  std::uint64_t epoch() const;
  // Stores the page unless the cache was cleared since `epoch`.
  void put(const std::string& key, std::string body, std::uint64_t epoch);
  void clear();
  // Held while computing the page of `key` (locks are shared by keys of the same hash).
  std::unique_lock<std::mutex> compute_lock(const std::string& key);

 private:
  static constexpr std::size_t kComputeLocks = 64;

  struct Entry {
    std::string body;
    std::chrono::steady_clock::time_point expires;
  };

  // Constant after construction.
  const std::chrono::milliseconds ttl_;
  const std::size_t capacity_;

  mutable std::mutex mutex_;  // guards the fields below
  std::unordered_map<std::string, Entry> entries_;
  std::uint64_t epoch_ = 0;

  std::array<std::mutex, kComputeLocks> compute_locks_;
};

}  // namespace marquee::feeds
