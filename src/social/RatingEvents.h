#pragma once
// The facts the ratings feature publishes on the EventBus (events/EventBus.h).
namespace marquee::social {

// A user's rating of a video changed. Subject: the video's id. Data: {"user_id", "likes_count",
// "dislikes_count"} (the video's counters after the change), and "rating" and "previous" (the
// user's rating after and before it: "like", "dislike" or "none"; equal when nothing changed).
inline constexpr const char* kRatingChanged = "rating.changed";

}  // namespace marquee::social
