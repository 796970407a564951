#include "views/ViewRules.h"

#include <algorithm>

namespace marquee::views {
namespace {

constexpr double kEndRatio = 0.9;
constexpr double kMinimumWatchRatio = 0.3;
constexpr std::int64_t kNearBeginningMs = 5'000;

}  // namespace

std::int64_t minimum_watch_ms(const CountingRules& rules, std::int64_t duration_ms) {
  if (duration_ms <= 0) return rules.min_watch_ms;
  auto share = static_cast<std::int64_t>(static_cast<double>(duration_ms) * kMinimumWatchRatio);
  return std::min<std::int64_t>(rules.min_watch_ms, share);
}

double completion_ratio(std::int64_t max_position_ms, std::int64_t duration_ms) {
  if (duration_ms <= 0 || max_position_ms <= 0) return 0.0;
  return std::min(1.0, static_cast<double>(max_position_ms) / static_cast<double>(duration_ms));
}

bool reaches_end(std::int64_t max_position_ms, std::int64_t duration_ms) {
  return duration_ms > 0 && completion_ratio(max_position_ms, duration_ms) >= kEndRatio;
}

bool starts_near_beginning(std::int64_t position_ms, std::int64_t duration_ms) {
  if (duration_ms <= 0) return position_ms <= kNearBeginningMs;
  std::int64_t limit = std::min(duration_ms / 2, std::max(kNearBeginningMs, duration_ms / 10));
  return position_ms <= limit;
}

std::int64_t clamp_position(std::int64_t position_ms, std::int64_t duration_ms) {
  position_ms = std::max<std::int64_t>(position_ms, 0);
  return duration_ms > 0 ? std::min(position_ms, duration_ms) : position_ms;
}

}  // namespace marquee::views
