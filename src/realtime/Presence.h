#pragma once
// How many live player sessions each video has, across every node: `watching_now`. Each
// node counts the connections in its own `video:{id}` rooms and publishes its count
// (presence.changed) when it moves, at most once a second per video, and again every 30 s
// while it is not zero, so a node that died without a word stops counting after 75 s.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/Clock.h"

namespace marquee::realtime {

inline constexpr const char* kPresenceChanged = "presence.changed";  // subject: video id; data {"count"}
inline constexpr Millis kPresenceRepeatMs = 30'000;
inline constexpr Millis kPresenceExpiryMs = 75'000;

class Presence {
 public:
  // Another node's count for a video.
  void remote(const std::string& video_id, const std::string& node, std::int64_t count, Millis now);
  // Every other node's fresh counts for the video, summed.
  std::int64_t remote_total(const std::string& video_id, Millis now) const;
  // Forgets what other nodes said (the bus may have missed their updates).
  void clear();

 private:
  struct Count {
    std::int64_t count = 0;
    Millis at = 0;
  };
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::unordered_map<std::string, Count>> counts_;
};

}  // namespace marquee::realtime
