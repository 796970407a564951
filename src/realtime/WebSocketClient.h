#pragma once
// A connection to /api/ws: the plain-WebSocket protocol of docs/realtime.md (JSON frames:
// auth, subscribe, unsubscribe, chat, ping; events, acks, errors, auth_expired).
#include <memory>

#include "http/UpgradedConnection.h"
#include "realtime/Client.h"
#include "realtime/SocketContext.h"
#include "realtime/WebSocketPipe.h"

namespace marquee::realtime {

class WebSocketClient : public Client {
 public:
  WebSocketClient(std::uint64_t id, std::string remote_address, SocketContext& context,
                  boost::asio::ip::tcp::socket socket);

  // Completes the handshake and serves the connection until it closes. `identity` comes
  // from the upgrade request (query token or cookie), or is anonymous.
  void start(boost::beast::http::request<boost::beast::http::empty_body> request, Identity identity);

  Protocol protocol() const override { return Protocol::websocket; }
  void deliver(const OutboundEvent& event) override;
  void disconnect(std::uint16_t code, const std::string& reason) override { pipe_->close(code, reason); }
  void tick(Millis now) override;

 private:
  // Answers one frame; false closes the connection (policy violation).
  bool handle(const std::string& text);
  void reply(std::string json);

  SocketContext& context_;
  std::shared_ptr<WebSocketPipe> pipe_;
  std::atomic<Millis> expiry_warned_at_{0};
  std::int64_t last_ping_ms_ = 0;  // the ticker's thread only
};

}  // namespace marquee::realtime
