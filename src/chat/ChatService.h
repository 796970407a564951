#pragma once
// Live chat under a video. A signed-in user who may be in the video's room posts short
// messages, at most `messages_per_minute` each (sustained, and as many at once), counted by
// the injected rate limiter: on this node, or on every node with Redis; the newest `history`
// per video are kept. The author, the video's owner and moderators delete a message. Each
// post and deletion is published (ChatEvents.h), and the realtime relay sends it to the room.
#include <atomic>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "chat/ChatMessage.h"
#include "chat/ChatStore.h"
#include "core/Clock.h"
#include "events/EventBus.h"
#include "limits/RateLimiter.h"

namespace marquee::videos {
class VideoService;
}

namespace marquee::chat {

inline constexpr std::size_t kMaxChatMessageLength = 500;  // code points

struct ChatOptions {
  int messages_per_minute = 20;
  int history = 200;
};

class ChatService {
 public:
  ChatService(db::Database& db, videos::VideoService& videos, const Clock& clock, events::EventBus& bus,
              limits::RateLimiter& limiter, ChatOptions options);

  // 400 for empty or over-long text, 429 past the rate. The caller checked that `author` may
  // be in the video's room.
  ChatMessage post(const accounts::Principal& author, const std::string& video_id, std::string_view text);
  // The newest messages, oldest first. The caller checked that the reader may see the video.
  std::vector<ChatMessage> latest(const std::string& video_id, int limit);
  // 404 unknown (or of another video), 403 when `who` may not delete it.
  void remove(const accounts::Principal& who, const std::string& video_id, const std::string& message_id);
  int history() const { return options_.history; }

 private:
  void take_rate_slot(const std::string& user_id);

  ChatStore store_;
  videos::VideoService& videos_;
  const Clock& clock_;
  events::EventBus& bus_;
  limits::RateLimiter& limiter_;
  ChatOptions options_;
  std::atomic<Millis> last_created_at_{0};
};

}  // namespace marquee::chat
