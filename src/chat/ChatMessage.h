#pragma once
// A live-chat message under a video, with its author's public names.
#include <string>

#include "core/Clock.h"

namespace marquee::chat {

struct ChatMessage {
  std::string id;
  std::string video_id;
  std::string user_id;
  std::string username;
  std::string display_name;
  std::string text;
  Millis created_at = 0;
};

}  // namespace marquee::chat
