#pragma once
// A WebSocket client for the integration tests (Beast), with a timeout on every wait, and a
// raw variant that sends hand-made frames after the handshake to see how the server meets
// hostile bytes.
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace marquee::testing {

using Headers = std::vector<std::pair<std::string, std::string>>;

class WebSocketTestClient {
 public:
  // Connects and completes the handshake. When the server refuses the upgrade, status() is
  // its HTTP status and open() is false.
  WebSocketTestClient(std::uint16_t port, const std::string& target, const Headers& headers = {},
                      int receive_buffer_bytes = 0);
  ~WebSocketTestClient();

  bool open() const;
  int status() const;  // the HTTP status of the handshake's answer (101 when open)

  void send(const std::string& text);
  void send_binary(const std::string& bytes);
  void send_json(const boost::json::value& value);
  // The next text message; nullopt when none comes within `timeout` or the connection closed.
  std::optional<std::string> read(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Skips messages until one parses to a JSON object for which `accept` is true.
  std::optional<boost::json::object> read_until(const std::function<bool(const boost::json::object&)>& accept,
                                                std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // An /api/ws event frame named `event` (skipping others).
  std::optional<boost::json::object> event(const std::string& event,
                                           std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads until the server closes; its close code (0 when the TCP connection just ended),
  // nullopt on timeout.
  std::optional<int> close_code(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // /api/ws request/response: sends `message` with `id` and returns the reply carrying it.
  std::optional<boost::json::object> call(boost::json::object message,
                                          std::chrono::milliseconds timeout = std::chrono::seconds(5));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Opens a WebSocket by hand (the handshake's bytes) and returns the socket's fd after the
// 101, or -1. For frames no well-behaved client library would send.
int raw_websocket(std::uint16_t port, const std::string& target);
// A client frame: FIN flag, opcode, optional mask (clients must mask), payload.
std::string ws_frame(bool fin, int opcode, const std::string& payload, bool masked = true);
// Reads from `fd` until a close frame arrives; its code, 0 for a plain disconnect, nullopt on timeout.
std::optional<int> raw_close_code(int fd, std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace marquee::testing
