#include "views/AudienceRetention.h"

#include <algorithm>

namespace marquee::views {

std::int64_t retention_point_position_ms(int point, std::int64_t duration_ms) {
  if (duration_ms <= 0 || point <= 0) return 0;
  return static_cast<std::int64_t>(point) * duration_ms / kAudienceRetentionPoints;
}

int retention_points_reached(std::int64_t max_position_ms, std::int64_t duration_ms) {
  if (duration_ms <= 0 || max_position_ms < 0) return 0;
  // Positions are at most 30 days of milliseconds (the beacon's limit): no overflow.
  const std::int64_t reached = max_position_ms * kAudienceRetentionPoints / duration_ms + 1;
  return static_cast<int>(std::min<std::int64_t>(reached, kAudienceRetentionPoints));
}

}  // namespace marquee::views
