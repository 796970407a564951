#pragma once
// Recently read videos, kept for a moment so hot metadata reads are answered from memory,
// on the I/O thread, without the database. An entry lives `ttl`; a change made through
// VideoService drops its entry at once; changes made elsewhere (counters written by the
// social and views features, other nodes) show within the ttl. Thread-safe; sharded so
// readers on different videos do not contend.
//
// When an entry expires, the first reader to find it so is told to refresh it from the
// database (get() returns nothing) while, for at most one more ttl, every other reader keeps
// the expired copy: a hot video is read from the database once a second, not by every
// request that arrives while that read is in flight.
//
// An entry also keeps the video's API JSON (video_json, the same for every viewer allowed
// to see it), rendered once when the entry is made: a hot read then copies bytes instead of
// copying the Video and building and serializing a JSON tree per request.
#include <array>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "videos/Video.h"

namespace marquee::videos {

struct CachedVideo {
  std::shared_ptr<const Video> video;
  std::shared_ptr<const std::string> json;  // serialize(video_json(*video))
};

class VideoCache {
 public:
  explicit VideoCache(std::chrono::milliseconds ttl, std::size_t capacity = 50'000);

  // For readers that answer from memory or not at all (the I/O thread): a fresh entry, or
  // an expired one while another reader refreshes it.
  std::optional<CachedVideo> get(const std::string& id) const;
  // For the reader that goes to the database when this says nothing: fresh entries only.
  std::optional<CachedVideo> get_fresh(const std::string& id) const;
  void put(const Video& video);
  void erase(const std::string& id);
  void clear();
  bool enabled() const { return ttl_.count() > 0; }

 private:
  struct Entry {
    CachedVideo cached;
    std::chrono::steady_clock::time_point expires;
    bool refreshing = false;  // a reader was sent to the database after `expires`
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;  // guarded by mutex
  };
  static constexpr std::size_t kShards = 16;
  Shard& shard_of(const std::string& id) const;
  // A fresh entry; with while_refreshing, also an expired one whose refresh is in flight
  // (the first reader to find it expired starts that refresh and gets nothing).
  std::optional<CachedVideo> lookup(const std::string& id, bool while_refreshing) const;

  std::chrono::milliseconds ttl_;
  std::size_t per_shard_capacity_;
  mutable std::array<Shard, kShards> shards_;
};

}  // namespace marquee::videos
