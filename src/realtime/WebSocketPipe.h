#pragma once
// One RFC 6455 connection through Beast, shared by /api/ws and Socket.IO's websocket
// transport: the handshake, a read loop that hands each message to the protocol, and one
// writer fed by a bounded SendQueue. Beast checks the frames (masking, UTF-8 in text,
// fragmented control frames, sizes) and closes with the right code. Included only by the
// realtime code that drives sockets (it brings in Beast and Asio).
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "http/UpgradedConnection.h"
#include "realtime/SendQueue.h"

namespace marquee::realtime {

struct PipeOptions {
  std::size_t max_message_bytes = 1'000'000;
  std::size_t max_queue_bytes = 1 << 20;
};

class WebSocketPipe : public std::enable_shared_from_this<WebSocketPipe> {
 public:
  // Returns false to close the connection (1008, or the code set by close()).
  using MessageHandler = std::function<boost::asio::awaitable<bool>(std::string message, bool binary)>;

  WebSocketPipe(boost::asio::ip::tcp::socket socket, PipeOptions options);

  // Completes the handshake, then reads until the connection ends. `on_open` runs once the
  // handshake succeeded, before the first read; `on_closed(opened)` when it is over. Spawn it
  // as is (one coroutine frame per connection).
  boost::asio::awaitable<void> run(boost::beast::http::request<boost::beast::http::empty_body> request,
                                   std::function<void()> on_open, MessageHandler on_message,
                                   std::function<void(bool opened)> on_closed);

  // Queues a text frame. Any thread. False when the queue is full: the connection is then
  // dropped (a reader too slow to keep up).
  bool send(Frame frame);
  // Sends a close frame once what is queued went out. Any thread; the first call decides the code.
  void close(std::uint16_t code, std::string reason);
  // Drops the TCP connection without a close frame. Any thread.
  void abort();
  // Sends a WebSocket ping (skipped while closing). Any thread.
  void ping();
  // When the peer was last heard from (a message or a pong), in steady-clock milliseconds.
  std::int64_t last_heard_ms() const { return last_heard_ms_; }

  std::size_t queued_bytes() const { return queue_.queued_bytes(); }
  auto executor() { return ws_.get_executor(); }

 private:
  void write_next();
  boost::asio::awaitable<void> close_now();

  boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_;
  PipeOptions options_;
  SendQueue queue_;
  // Touched on the connection's thread only.
  bool writer_active_ = false;
  std::vector<Frame> batch_;  // taken off the queue, being written
  std::size_t next_in_batch_ = 0;
  bool closing_ = false;
  std::optional<std::pair<std::uint16_t, std::string>> close_requested_;
  bool pinging_ = false;
  std::atomic<std::int64_t> last_heard_ms_{0};
};

}  // namespace marquee::realtime
