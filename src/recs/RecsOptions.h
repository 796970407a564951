#pragma once
// The recs.* settings and the fixed parameters of recommendations, as the recs feature uses
// them (App fills the settings from Config).
#include <cstdint>

#include "core/Clock.h"
#include "recs/CoWatch.h"
#include "recs/VectorIndex.h"
#include "recs/ViewerTaste.h"

namespace marquee::recs {

inline constexpr Millis kDayMs = 24ll * 3600 * 1000;

struct RecsOptions {
  HnswParameters hnsw;
  unsigned build_threads = 2;
  CoWatchOptions cowatch;
  // Co-watch reads the watches of this long.
  Millis cowatch_window_ms = 90 * kDayMs;
  TasteOptions taste;
  // Watches that make up a viewer's taste (the most recent).
  std::size_t taste_watches = 50;
  // Taste neighbours a for-you session ranks.
  std::size_t for_you_candidates = 200;
  // Uploads of this long are the for-you feed's fresh source (one item in four).
  Millis fresh_window_ms = 3 * kDayMs;
  // Weight of the seeded random term added to for-you scores (which run 0–1).
  double exploration = 0.05;
};

}  // namespace marquee::recs
