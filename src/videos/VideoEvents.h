#pragma once
// The facts the videos feature publishes on the EventBus (events/EventBus.h). Subject: the
// video's id.
namespace marquee::videos {

// Its fields, visibility, status or media facts changed: what listings and caches show of it.
// When its status changed, data: {"status", "at" (milliseconds, as text)}.
inline constexpr const char* kVideoChanged = "video.changed";
// It became public and watchable for the first time (once per video). Data: {"owner_id"}.
inline constexpr const char* kVideoPublished = "video.published";
// Its transcode moved on. Data: {"progress"} (percent, as text). At most about two a second
// per video (VideoProcessor reports no more often).
inline constexpr const char* kVideoProgress = "video.progress";
// It is gone. The node that deleted it removes its files; every node forgets it.
inline constexpr const char* kVideoDeleted = "video.deleted";

}  // namespace marquee::videos
