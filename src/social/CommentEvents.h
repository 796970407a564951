#pragma once
// The facts the comments feature publishes on the EventBus (events/EventBus.h). Subject: the
// comment's id. Data: {"video_id", "author_id", and on comment.created for replies "parent_id" and
// "parent_author_id", and on comment.deleted "removed_count" (an integer: the comment and its
// replies)}.
namespace marquee::social {

inline constexpr const char* kCommentCreated = "comment.created";
// Its replies went with it (no event of their own).
inline constexpr const char* kCommentDeleted = "comment.deleted";

}  // namespace marquee::social
