#pragma once
// The audience-retention curve's geometry: kAudienceRetentionPoints equal points of a
// video's duration, point i at i % of it. A playback session reaches every point at or
// before the furthest position it reported, so the counter adds a session to a point once,
// when its furthest position first passes it (docs/studio.md#analytics).
#include <cstdint>

namespace marquee::views {

inline constexpr int kAudienceRetentionPoints = 100;

// Where point `point` sits in a video of `duration_ms`: point × duration / points, rounded down.
std::int64_t retention_point_position_ms(int point, std::int64_t duration_ms);

// How many points a session whose furthest position is `max_position_ms` has reached: the
// points 0 … n-1 with point × duration ≤ max position × points. 0 when the duration is
// unknown (0), never more than kAudienceRetentionPoints.
int retention_points_reached(std::int64_t max_position_ms, std::int64_t duration_ms);

}  // namespace marquee::views
