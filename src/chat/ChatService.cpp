#include "chat/ChatService.h"

#include <algorithm>

#include "chat/ChatEvents.h"
#include "core/Error.h"
#include "core/Ids.h"
#include "core/UserText.h"
#include "videos/VideoService.h"

namespace marquee::chat {

ChatService::ChatService(db::Database& db, videos::VideoService& videos, const Clock& clock, events::EventBus& bus,
                         limits::RateLimiter& limiter, ChatOptions options)
    : store_(db), videos_(videos), clock_(clock), bus_(bus), limiter_(limiter), options_(options) {}

void ChatService::take_rate_slot(const std::string& user_id) {
  const limits::Decision decision =
      limiter_.allow("chat:" + user_id, limits::Rate::per_minute(options_.messages_per_minute));
  if (!decision.allowed) {
    throw Error(ErrorCode::rate_limited, "you are sending chat messages too fast; wait a moment",
                {{"retry_after_ms", std::to_string(decision.retry_after_ms)}});
  }
}

ChatMessage ChatService::post(const accounts::Principal& author, const std::string& video_id,
                              std::string_view text) {
  ChatMessage message;
  message.text = text::clean_prose(text, "text", kMaxChatMessageLength, text::Presence::required);
  take_rate_slot(author.user_id);
  message.id = new_public_id();
  message.video_id = video_id;
  message.user_id = author.user_id;
  // Strictly increasing on this node, so the history's order is the order of posting.
  Millis now = clock_.now_ms();
  Millis last = last_created_at_.load();
  while (!last_created_at_.compare_exchange_weak(last, std::max(now, last + 1))) {
  }
  message.created_at = std::max(now, last + 1);
  message = store_.insert(std::move(message), options_.history);
  bus_.publish({kChatMessagePosted, 1, message.id,
                events::data_of({{"video_id", message.video_id},
                                 {"user_id", message.user_id},
                                 {"username", message.username},
                                 {"display_name", message.display_name},
                                 {"text", message.text},
                                 {"created_at", std::to_string(message.created_at)}})});
  return message;
}

std::vector<ChatMessage> ChatService::latest(const std::string& video_id, int limit) {
  return store_.latest(video_id, std::clamp(limit, 1, options_.history));
}

void ChatService::remove(const accounts::Principal& who, const std::string& video_id, const std::string& message_id) {
  auto message = store_.find(message_id);
  if (!message || message->video_id != video_id) throw_not_found("chat message");
  if (message->user_id != who.user_id && !who.is_moderator()) {
    auto video = videos_.find(video_id);
    if (!video || video->owner_id != who.user_id) {
      throw_forbidden("only its author, the video's owner and moderators may delete a chat message");
    }
  }
  if (store_.remove(message_id)) {
    bus_.publish({kChatMessageDeleted, 1, message_id, events::data_of({{"video_id", video_id}})});
  }
}

}  // namespace marquee::chat
