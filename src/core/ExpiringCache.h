#pragma once
// A string-keyed map whose entries live `ttl` (by the injected Clock) and can be dropped at
// once, for in-memory building blocks (feeds, session standing): this process drops what it changes
// (erase/clear), and the ttl bounds how long a change made by another process goes unseen.
// A value loaded while an erase or clear happened is not stored, so a load that raced a
// change never pins the old value for a whole ttl. Values are shared, never copied on read.
// Sharded so readers of different keys rarely contend. Thread-safe.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/Clock.h"

namespace marquee {

template <class Value>
class ExpiringCache {
 public:
  using Held = std::shared_ptr<const Value>;

  ExpiringCache(const Clock& clock, Millis ttl, std::size_t capacity)
      : clock_(clock), ttl_(ttl), per_shard_capacity_(std::max<std::size_t>(1, capacity / kShards)) {}

  Held get(const std::string& key) const {
    auto& shard = shard_of(key);
    std::lock_guard lock(shard.mutex);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end() || it->second.expires <= clock_.now_ms()) return nullptr;
    return it->second.value;
  }

  // Changes with every erase() and clear(): read it before loading a value, pass it to put().
  std::uint64_t epoch() const { return epoch_.load(std::memory_order_acquire); }

  // Stores the value unless an erase() or clear() happened since `epoch`.
  void put(const std::string& key, Held value, std::uint64_t epoch) {
    auto& shard = shard_of(key);
    const Millis now = clock_.now_ms();
    std::lock_guard lock(shard.mutex);
    if (epoch != epoch_.load(std::memory_order_acquire)) return;
    if (shard.entries.size() >= per_shard_capacity_) {
      std::erase_if(shard.entries, [now](const auto& entry) { return entry.second.expires <= now; });
      if (shard.entries.size() >= per_shard_capacity_) shard.entries.clear();
    }
    shard.entries[key] = Entry{std::move(value), now + ttl_ - jitter()};
  }

  // The held value, or `load()`'s (called without any lock held), stored for next time.
  Held get_or_load(const std::string& key, const std::function<Value()>& load) {
    if (auto held = get(key)) return held;
    const std::uint64_t before = epoch();
    auto loaded = std::make_shared<const Value>(load());
    put(key, loaded, before);
    return loaded;
  }

  void erase(const std::string& key) {
    auto& shard = shard_of(key);
    std::lock_guard lock(shard.mutex);
    epoch_.fetch_add(1, std::memory_order_acq_rel);
    shard.entries.erase(key);
  }

  // Every entry whose key starts with `prefix` (a scan of the whole cache).
  void erase_prefix(const std::string& prefix) {
    epoch_.fetch_add(1, std::memory_order_acq_rel);
    for (auto& shard : shards_) {
      std::lock_guard lock(shard.mutex);
      std::erase_if(shard.entries, [&](const auto& entry) { return entry.first.starts_with(prefix); });
    }
  }

  void clear() {
    epoch_.fetch_add(1, std::memory_order_acq_rel);
    for (auto& shard : shards_) {
      std::lock_guard lock(shard.mutex);
      shard.entries.clear();
    }
  }

 private:
  static constexpr std::size_t kShards = 16;

  struct Entry {
    Held value;
    Millis expires = 0;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;  // guarded by mutex
  };

  Shard& shard_of(const std::string& key) const { return shards_[std::hash<std::string>{}(key) % kShards]; }

  // Up to a quarter of the ttl off each entry's life (never added: the ttl stays the bound on
  // staleness), so entries read together, after a clear() for instance, do not all expire in
  // the same instant and send their readers to the database at once.
  Millis jitter() const {
    if (ttl_ < 4) return 0;
    thread_local std::uint64_t state = 0x9e3779b97f4a7c15ull ^ reinterpret_cast<std::uintptr_t>(&state);
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<Millis>(state % static_cast<std::uint64_t>(ttl_ / 4));
  }

  // Constant after construction.
  const Clock& clock_;
  const Millis ttl_;
  const std::size_t per_shard_capacity_;

  std::atomic<std::uint64_t> epoch_{0};
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace marquee
