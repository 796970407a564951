#include "feeds/TrendingPeriod.h"

namespace marquee::feeds {
namespace {

constexpr Millis kHour = 3600 * 1000;

}  // namespace

std::string_view period_name(TrendingPeriod period) { return period == TrendingPeriod::day ? "24h" : "7d"; }

std::optional<TrendingPeriod> parse_period(std::string_view name) {
  if (name == "24h") return TrendingPeriod::day;
  if (name == "7d") return TrendingPeriod::week;
  return std::nullopt;
}

Millis period_window_ms(TrendingPeriod period) { return period == TrendingPeriod::day ? 24 * kHour : 7 * 24 * kHour; }

Millis period_decay_scale_ms(TrendingPeriod period) { return period == TrendingPeriod::day ? 12 * kHour : 72 * kHour; }

}  // namespace marquee::feeds
