#pragma once
// The facts the comments feature publishes on the EventBus (events/EventBus.h). Subject: the
// comment's id. Data: {"video_id", "author_id", "parent_id" (replies only)}.
namespace marquee::social {

inline constexpr const char* kCommentCreated = "comment.created";
// Its replies went with it (no event of their own).
inline constexpr const char* kCommentDeleted = "comment.deleted";

}  // namespace marquee::social
