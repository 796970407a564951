#include "feeds/FeedPageCache.h"

#include <functional>

#include "core/RefreshGrace.h"

namespace marquee::feeds {

FeedPageCache::FeedPageCache(std::chrono::milliseconds ttl, std::size_t capacity) : ttl_(ttl), capacity_(capacity) {}

std::optional<std::string> FeedPageCache::get(const std::string& key) const { return lookup(key, true); }

std::optional<std::string> FeedPageCache::get_fresh(const std::string& key) const { return lookup(key, false); }

std::optional<std::string> FeedPageCache::lookup(const std::string& key, bool while_refreshing) const {
  if (!enabled()) return std::nullopt;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  Entry& entry = it->second;
  if (!may_serve(now, entry.expires, ttl_, entry.refreshing, while_refreshing)) return std::nullopt;
  return entry.body;
}

std::uint64_t FeedPageCache::epoch() const {
  std::lock_guard lock(mutex_);
  return epoch_;
}

void FeedPageCache::put(const std::string& key, std::string body, std::uint64_t epoch) {
  if (!enabled()) return;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  if (epoch != epoch_) return;
  if (entries_.size() >= capacity_) {
    std::erase_if(entries_, [&](const auto& entry) { return entry.second.expires <= now; });
    if (entries_.size() >= capacity_) entries_.clear();
  }
  entries_[key] = Entry{std::move(body), now + ttl_, false};
}

std::unique_lock<std::mutex> FeedPageCache::compute_lock(const std::string& key) {
  return std::unique_lock(compute_locks_[std::hash<std::string>{}(key) % kComputeLocks]);
}

void FeedPageCache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
  ++epoch_;
}

}  // namespace marquee::feeds
