#pragma once
// The facts the views feature publishes on the EventBus (events/EventBus.h).
namespace marquee::views {

// Views of the video were counted (its views_count grew). Subject: the video's id. One per
// video per flush of the buffered beacons (views.flush_interval_ms).
inline constexpr const char* kVideoViewed = "video.viewed";

}  // namespace marquee::views
