#pragma once
// Serialized feed pages that do not depend on who asks (trending; home and reels for
// anonymous callers), kept for a moment so a popular page is answered from memory on the I/O
// thread. An entry lives `ttl`; a ranking refresh or a changed or deleted video clears every
// entry, and a page computed while a clear happened is not stored. When a popular page expires, callers
// that missed it take its compute lock, so one computes it and the others read its result
// instead of all computing it at once; and while that one computes, for at most one more
// ttl, fast-path readers keep getting the expired page rather than queueing behind it (a
// clear() leaves nothing to serve: what it removed is never served again). Thread-safe.
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
  // For readers that answer from memory or not at all (the I/O thread): a fresh page, or an
  // expired one while another reader recomputes it. The first reader to find a page expired
  // gets nothing, and so recomputes it.
  std::optional<std::string> get(const std::string& key) const;
  // For the reader that computes the page when this says nothing: fresh pages only.
  std::optional<std::string> get_fresh(const std::string& key) const;
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
    bool refreshing = false;  // a reader was sent to recompute it after `expires`
  };
  std::optional<std::string> lookup(const std::string& key, bool while_refreshing) const;

  // Constant after construction.
  const std::chrono::milliseconds ttl_;
  const std::size_t capacity_;

  mutable std::mutex mutex_;  // guards the fields below
  mutable std::unordered_map<std::string, Entry> entries_;  // get() marks refreshing
  std::uint64_t epoch_ = 0;

  std::array<std::mutex, kComputeLocks> compute_locks_;
};

}  // namespace marquee::feeds
