#pragma once
// The JSON shape of a chat message, in listings and in `chat_message` events.
#include <boost/json/object.hpp>

#include "chat/ChatMessage.h"

namespace marquee::chat {

boost::json::object chat_message_json(const ChatMessage& message);

}  // namespace marquee::chat
