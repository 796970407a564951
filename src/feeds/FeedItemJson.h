#pragma once
// The serialized list items of feed pages, memoized: feed pages list the same few thousand
// videos again and again, and building each item's JSON is most of what a page held in
// memory costs. An item is reused only for a video equal in every field to the one it was
// made from, so what clients see is exactly video_json's output. Thread-safe; sharded.
#include <array>
#include <mutex>
#include <string>
#include <unordered_map>

#include "videos/Video.h"

namespace marquee::feeds {

class FeedItemJson {
 public:
  explicit FeedItemJson(std::size_t capacity = 20'000);

  // Appends the video's list item (videos::video_json, serialized) to `out`.
  void append(std::string& out, const videos::Video& video);

 private:
  static constexpr std::size_t kShards = 16;

  struct Item {
    videos::Video video;
    std::string json;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Item> items;  // by video id; guarded by mutex
  };

  const std::size_t per_shard_capacity_;
  std::array<Shard, kShards> shards_;
};

// {"items":[…],"next_cursor":…} with the items from `items`.
std::string feed_page_json(FeedItemJson& items, const videos::VideoPage& page);

}  // namespace marquee::feeds
