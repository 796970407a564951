#pragma once
// The realtime endpoints: /api/ws (plain WebSocket) and /socket.io/ (Socket.IO v4 over
// Engine.IO polling and WebSocket), their rooms, and the relay that turns domain events into
// what users receive. It serves the HTTP transport's socket paths (http/SocketEndpoint.h);
// what sockets ask runs on a small pool of its own, never on an I/O thread. See
// docs/realtime.md.
#include <cstdint>
#include <memory>

#include "core/Clock.h"
#include "http/SocketEndpoint.h"
#include "realtime/RealtimeOptions.h"

namespace marquee::events {
class EventBus;
}
namespace marquee::accounts {
class RequestAuth;
}
namespace marquee::http {
class OriginPolicy;
class Metrics;
}
namespace marquee::videos {
class VideoService;
}
namespace marquee::channels {
class ChannelService;
}
namespace marquee::social {
class CommentService;
}
namespace marquee::notifications {
class NotificationService;
}
namespace marquee::chat {
class ChatService;
}

namespace marquee::realtime {

class RoomAccess;

struct RealtimeParts {
  events::EventBus& bus;
  const accounts::RequestAuth& auth;
  const http::OriginPolicy& origins;
  videos::VideoService& videos;
  channels::ChannelService& channels;
  social::CommentService& comments;
  notifications::NotificationService& notifications;
  chat::ChatService& chat;
  http::Metrics& metrics;
  const Clock& clock;
};

class RealtimeServer : public http::SocketEndpoint {
 public:
  RealtimeServer(RealtimeOptions options, RealtimeParts parts);
  ~RealtimeServer() override;

  // Starts the heartbeat and relay ticks.
  void start();
  // Closes every socket (1001 going away; pending polls answered) and stops the ticks and
  // the pool. Call before the HTTP server stops. Idempotent.
  void stop();
  // Drops whatever the pool still holds (tasks posted while the HTTP server stopped hold
  // sockets). Call after the HTTP server stopped and before it is destroyed: a socket must
  // go before the I/O loop it belongs to.
  void release();

  // The rule of the `video:{id}` room, for the chat routes.
  const RoomAccess& room_access() const;
  // Live player sessions of a video on every node.
  std::int64_t watching_now(const std::string& video_id) const;

  bool serves(std::string_view path) const override;
  std::int64_t max_body_bytes() const override;
  void respond(http::Request request, std::function<void(http::Response)> reply) override;
  void upgrade(http::Request request, std::unique_ptr<http::UpgradedConnection> connection) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace marquee::realtime
