#pragma once
// The facts the chat feature publishes on the EventBus (events/EventBus.h). Subject: the
// message's id.
namespace marquee::chat {

// Data: {"video_id", "user_id", "username", "display_name", "text", "created_at"}: the whole
// message (at most 500 characters of text), so every node can send it on without a read.
inline constexpr const char* kChatMessagePosted = "chat.posted";
// Data: {"video_id"}.
inline constexpr const char* kChatMessageDeleted = "chat.deleted";

}  // namespace marquee::chat
