#include "chat/ChatJson.h"

#include "core/Clock.h"

namespace marquee::chat {

boost::json::object chat_message_json(const ChatMessage& message) {
  return {{"id", message.id},
          {"video_id", message.video_id},
          {"user", boost::json::object{{"id", message.user_id},
                                       {"username", message.username},
                                       {"display_name", message.display_name}}},
          {"text", message.text},
          {"created_at", to_rfc3339(message.created_at)}};
}

}  // namespace marquee::chat
