#pragma once
// A Socket.IO connection: an Engine.IO v4 session (HTTP long-polling, WebSocket, and the
// upgrade from one to the other) carrying Socket.IO v5 packets on the main namespace.
//
// Polling: a GET waits for packets (the heartbeat's ping ends a quiet wait), a POST brings
// the client's. Upgrade: the client probes over a WebSocket (2probe/3probe), the pending poll
// is released with a noop, and after `5` everything goes over the WebSocket. Heartbeats:
// the server pings every ping_interval and closes a session whose pong does not come within
// ping_timeout. A session that does not CONNECT within connect_timeout is closed.
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/Response.h"
#include "realtime/Client.h"
#include "realtime/EngineIoPacket.h"
#include "realtime/SocketContext.h"
#include "realtime/SocketIoPacket.h"
#include "realtime/WebSocketPipe.h"

namespace marquee::realtime {

// Engine.IO's error answer: 400 with {"code", "message"} (0 transport unknown, 1 session
// id unknown, 2 bad handshake method, 3 bad request, 4 forbidden, 5 unsupported version).
http::Response engineio_error(int code, const char* message);

class EngineIoSession : public Client {
 public:
  EngineIoSession(std::uint64_t id, std::string remote_address, std::string sid, SocketContext& context);

  const std::string& sid() const { return sid_; }
  // The handshake's open packet (without the leading '0').
  std::string open_packet(bool may_upgrade) const;

  // Polling transport. A GET: `reply` is called when packets are ready (at once when some
  // wait). Returns an error response instead when the session cannot be polled now.
  std::optional<http::Response> poll(std::function<void(http::Response)> reply);
  // A POST's payload; runs on the pool. Returns the response ("ok" or 400).
  http::Response receive_payload(const std::string& body);

  // WebSocket transport: a new session that starts on a WebSocket, or the upgrade of a
  // polling one (`probe`).
  void attach_websocket(boost::asio::ip::tcp::socket socket,
                        boost::beast::http::request<boost::beast::http::empty_body> request, bool probe);

  Protocol protocol() const override { return Protocol::socketio; }
  void deliver(const OutboundEvent& event) override { send(event.socketio_frame); }
  void disconnect(std::uint16_t code, const std::string& reason) override;
  void tick(Millis now) override;
  bool closed() const;

 private:
  // Queues one Engine.IO text packet for whichever transport is current.
  void send(Frame packet);
  void send_text(std::string packet) { send(std::make_shared<const std::string>(std::move(packet))); }
  // One Engine.IO packet from the client, from either transport. False: malformed, close.
  bool handle_packet(const engineio::Packet& packet);
  bool handle_socketio(socketio::Packet packet);
  void emit_ack(std::uint64_t ack_id, const boost::json::value& value);
  void close_session(const char* why);
  void flush_poll_locked(std::vector<std::function<void()>>& after);

  const std::string sid_;
  std::string socket_id_;  // the Socket.IO socket's id, sent on CONNECT
  SocketContext& context_;
  const Millis created_at_;

  mutable std::mutex mutex_;
  std::vector<Frame> outbox_;  // waiting for a poll (or for the upgrade to finish)
  std::size_t outbox_bytes_ = 0;
  std::function<void(http::Response)> pending_poll_;
  std::shared_ptr<WebSocketPipe> pipe_;
  bool upgraded_ = false;  // the WebSocket carries everything
  bool probe_answered_ = false;  // 2probe → 3probe done on the probing socket
  Millis probe_started_at_ = 0;
  bool closed_ = false;
  bool connected_ = false;  // CONNECT to "/" done
  Millis last_ping_at_ = 0;
  Millis pong_deadline_ = 0;  // awaiting a pong when non-zero
  Millis expiry_warned_at_ = 0;

  std::mutex inbound_mutex_;  // one client packet at a time, whichever transport brought it
  socketio::PacketAssembler assembler_;
};

}  // namespace marquee::realtime
