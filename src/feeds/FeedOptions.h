#pragma once
// The feeds.* settings, as the feeds feature uses them (App fills this from Config).
#include <cstdint>

#include "core/Clock.h"

namespace marquee::feeds {

struct FeedOptions {
  // Superseded ranking snapshots stay this long, so clients paging through one keep an
  // exact order; after that their cursors continue in the newest snapshot.
  Millis snapshot_keep_ms = 10 * 60 * 1000;
  // How many videos each trending window ranks.
  int trending_size = 1000;
  // Reels: vertical videos (height > width) at most this long.
  Millis reels_max_duration_ms = 90'000;
  // How many reels, by base heat, each session's ranking draws from.
  int reels_candidates = 1000;
  // Weight of the seeded random term of reel heat; 0 ranks by heat and match alone.
  double reels_exploration = 150.0;
  // How long a page that does not depend on who asks is answered from memory; 0: never.
  Millis page_cache_ms = 1000;
};

}  // namespace marquee::feeds
