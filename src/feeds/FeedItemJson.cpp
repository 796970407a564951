#include "feeds/FeedItemJson.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <functional>

#include "videos/VideoJson.h"

namespace marquee::feeds {

FeedItemJson::FeedItemJson(std::size_t capacity) : per_shard_capacity_(std::max<std::size_t>(1, capacity / kShards)) {}

void FeedItemJson::append(std::string& out, const videos::Video& video) {
  auto& shard = shards_[std::hash<std::string>{}(video.id) % kShards];
  {
    std::lock_guard lock(shard.mutex);
    auto it = shard.items.find(video.id);
    if (it != shard.items.end() && it->second.video == video) {
      out += it->second.json;
      return;
    }
  }
  std::string json = boost::json::serialize(videos::video_json(video));
  out += json;
  std::lock_guard lock(shard.mutex);
  if (shard.items.size() >= per_shard_capacity_) shard.items.clear();
  shard.items.insert_or_assign(video.id, Item{video, std::move(json)});
}

std::string feed_page_json(FeedItemJson& items, const videos::VideoPage& page) {
  std::string out = "{\"items\":[";
  for (std::size_t i = 0; i < page.items.size(); ++i) {
    if (i > 0) out += ',';
    items.append(out, page.items[i]);
  }
  out += "],\"next_cursor\":";
  out += page.next_cursor ? boost::json::serialize(boost::json::value(*page.next_cursor)) : "null";
  out += '}';
  return out;
}

}  // namespace marquee::feeds
