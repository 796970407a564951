#pragma once
// A channel is a user seen from outside: who they are, how many people follow them and
// how many videos they show, and the channels a user follows or blocked. Plain data; rules
// live in ChannelService, SQL in ChannelStore.
#include <cstdint>
#include <string>

#include "core/Clock.h"

namespace marquee::channels {

struct ChannelSummary {
  std::string id;
  std::string username;
  std::string display_name;
  std::string avatar_url;
  std::int64_t subscriber_count = 0;
};

// What a channel page adds to the public profile. video_count counts public, published videos.
struct ChannelStats {
  std::int64_t subscriber_count = 0;
  std::int64_t video_count = 0;
};

// One channel a user follows, and since when.
struct Subscription {
  ChannelSummary channel;
  Millis subscribed_at = 0;
};

// One channel a user blocked (none of its videos shows in their feeds), and since when.
struct Block {
  ChannelSummary channel;
  Millis blocked_at = 0;
};

}  // namespace marquee::channels
