#pragma once
// The windows of GET /api/feed/trending: what a window covers and how fast engagement in it
// fades (docs/ranking.md). Each window is its own ranking snapshot.
#include <array>
#include <optional>
#include <string_view>

#include "core/Clock.h"

namespace marquee::feeds {

enum class TrendingPeriod { day, week };

inline constexpr std::array<TrendingPeriod, 2> kTrendingPeriods = {TrendingPeriod::day, TrendingPeriod::week};

// "24h" | "7d": the query value and the stored name.
std::string_view period_name(TrendingPeriod period);
std::optional<TrendingPeriod> parse_period(std::string_view name);
// Events older than this do not count.
Millis period_window_ms(TrendingPeriod period);
// The decay scale τ of decay_weight: an event τ old weighs a quarter of a fresh one.
Millis period_decay_scale_ms(TrendingPeriod period);

}  // namespace marquee::feeds
