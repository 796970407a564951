#pragma once
// One RFC 6455 connection on a bare socket, shared by /api/ws and Socket.IO's websocket
// transport: the handshake, reading (WebSocketFrames.h checks every frame), and one writer
// fed by a bounded SendQueue. Built for many idle sockets: a socket waits for readability
// with no read buffer of its own (reads go into a buffer of its thread), and writes gather
// whatever is queued into one send(2). Included only by the realtime code that drives
// sockets (it brings in Asio).
//
// Why not Beast's websocket::stream (DESIGN's default): it holds about 2 KiB per socket
// (a 1.5 KiB read buffer inside it, timers) plus a composed operation per pending read and
// write, and its closing handshake run while a read is pending trips its internal locks when
// the peer drops the connection meanwhile. Framing is small and fully specified; the
// hostile-frame tests (RealtimeTest, interop) hold this implementation to the RFC.
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "realtime/SendQueue.h"
#include "realtime/WebSocketFrames.h"

namespace marquee::realtime {

struct PipeOptions {
  std::size_t max_message_bytes = 1'000'000;
  std::size_t max_queue_bytes = 1 << 20;
};

class WebSocketPipe : public std::enable_shared_from_this<WebSocketPipe> {
 public:
  // A whole message from the client. Call `done(keep)` once it is handled (any thread); the
  // next message is read only then. keep = false closes the connection with 1008.
  using MessageHandler = std::function<void(std::string message, bool binary, std::function<void(bool keep)> done)>;

  WebSocketPipe(boost::asio::ip::tcp::socket socket, PipeOptions options);

  // Answers the upgrade request (101, or 400/426 for a request that is no WebSocket
  // handshake), then reads until the connection ends. `on_open` runs once the 101 is sent;
  // `on_closed(opened)` once when it is all over. On the connection's thread.
  void start(const boost::beast::http::request<boost::beast::http::empty_body>& request, std::function<void()> on_open,
             MessageHandler on_message, std::function<void(bool opened)> on_closed);

  // Queues a text frame. Any thread. False when the queue is full: the connection is then
  // dropped (a reader too slow to keep up).
  bool send(Frame frame);
  // Sends a close frame after what is already queued; the first call decides the code. The
  // connection ends when the peer answers, or 2 s later. Any thread.
  void close(std::uint16_t code, std::string reason);
  // Drops the TCP connection without a close frame. Any thread.
  void abort();
  // Sends a WebSocket ping (skipped while closing). Any thread.
  void ping();
  // When the peer was last heard from (any frame), in steady-clock milliseconds.
  std::int64_t last_heard_ms() const { return last_heard_ms_; }

 private:
  void wait_readable();
  void on_readable();
  // Parses `bytes`; false when reading must pause (a message is being handled) or stop.
  bool consume(std::string_view bytes);
  void request_close(std::uint16_t code, std::string reason);
  void start_writer();
  void write_some();
  void queue_control(std::string frame);
  void finish();  // closes the socket and reports on_closed once

  boost::asio::ip::tcp::socket socket_;
  PipeOptions options_;
  ws::FrameReader reader_;
  SendQueue queue_;
  MessageHandler on_message_;
  std::function<void(bool)> on_closed_;
  std::atomic<std::int64_t> last_heard_ms_{0};
  // The connection's thread only.
  std::string unparsed_;   // bytes read while a message was being handled
  std::string out_;        // bytes being written
  std::size_t out_sent_ = 0;
  std::string control_out_;  // pongs and pings waiting for a frame boundary
  std::optional<std::pair<std::uint16_t, std::string>> close_requested_;
  bool opened_ = false;
  bool handling_ = false;     // a message is with the handler
  bool writer_active_ = false;
  bool close_sent_ = false;
  bool peer_closed_ = false;  // the client's close frame arrived
  bool finished_ = false;
};

}  // namespace marquee::realtime
