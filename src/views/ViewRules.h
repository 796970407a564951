#pragma once
// When a view counts and what a session means, as pure functions of positions and
// durations so every rule has its own unit test. A view counts once per viewer per window,
// after the viewer watched min(min_watch_ms, 30 % of the video); a session that starts near
// the beginning of a video the viewer once finished is a rewatch.
#include <cstdint>

#include "core/Clock.h"

namespace marquee::views {

struct CountingRules {
  Millis window_ms = 24 * 3600 * 1000;  // one view per viewer per window
  Millis min_watch_ms = 5'000;          // before a view counts (less for short videos)
};

// The watch time after which a view of a video of `duration_ms` counts: min_watch_ms, or
// 30 % of the video when that is shorter. An unknown duration (0) takes min_watch_ms.
std::int64_t minimum_watch_ms(const CountingRules& rules, std::int64_t duration_ms);

// max position / duration, within [0, 1]; 0 when the duration is unknown.
double completion_ratio(std::int64_t max_position_ms, std::int64_t duration_ms);

// A viewer finished a video once they reached 90 % of it.
bool reaches_end(std::int64_t max_position_ms, std::int64_t duration_ms);

// A session "starts near the beginning" when its first position is within the first 10 %
// of the video or its first 5 s, whichever is longer, but never past its middle.
bool starts_near_beginning(std::int64_t position_ms, std::int64_t duration_ms);

// A position as the counter trusts it: not negative, not past the end of a video of known
// duration.
std::int64_t clamp_position(std::int64_t position_ms, std::int64_t duration_ms);

}  // namespace marquee::views
