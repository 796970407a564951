#include "videos/VideoCache.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <functional>

#include "core/RefreshGrace.h"
#include "videos/VideoJson.h"

namespace marquee::videos {

VideoCache::VideoCache(std::chrono::milliseconds ttl, std::size_t capacity)
    : ttl_(ttl), per_shard_capacity_(std::max<std::size_t>(1, capacity / kShards)) {}

VideoCache::Shard& VideoCache::shard_of(const std::string& id) const {
  return shards_[std::hash<std::string>{}(id) % kShards];
}

std::optional<CachedVideo> VideoCache::get(const std::string& id) const { return lookup(id, true); }

std::optional<CachedVideo> VideoCache::get_fresh(const std::string& id) const { return lookup(id, false); }

std::optional<CachedVideo> VideoCache::lookup(const std::string& id, bool while_refreshing) const {
  if (!enabled()) return std::nullopt;
  auto& shard = shard_of(id);
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(shard.mutex);
  auto it = shard.entries.find(id);
  if (it == shard.entries.end()) return std::nullopt;
  Entry& entry = it->second;
  if (!may_serve(now, entry.expires, ttl_, entry.refreshing, while_refreshing)) return std::nullopt;
  return entry.cached;
}

void VideoCache::put(const Video& video) {
  if (!enabled()) return;
  // Rendered before the lock: readers of the shard never wait for a serialization.
  CachedVideo cached{std::make_shared<const Video>(video),
                     std::make_shared<const std::string>(boost::json::serialize(video_json(video)))};
  auto& shard = shard_of(video.id);
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(shard.mutex);
  if (shard.entries.size() >= per_shard_capacity_) {
    std::erase_if(shard.entries, [now](const auto& entry) { return entry.second.expires <= now; });
    if (shard.entries.size() >= per_shard_capacity_) shard.entries.clear();
  }
  shard.entries[video.id] = {std::move(cached), now + ttl_, false};
}

void VideoCache::erase(const std::string& id) {
  auto& shard = shard_of(id);
  std::lock_guard lock(shard.mutex);
  shard.entries.erase(id);
}

void VideoCache::clear() {
  for (auto& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    shard.entries.clear();
  }
}

}  // namespace marquee::videos
