#include "realtime/WebSocketPipe.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_static_buffer.hpp>
#include <boost/beast/websocket.hpp>

namespace marquee::realtime {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
constexpr int kKernelSendBuffer = 64 * 1024;
constexpr std::size_t kReadChunk = 256;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
}  // namespace

WebSocketPipe::WebSocketPipe(asio::ip::tcp::socket socket, PipeOptions options)
    : ws_(std::move(socket)), options_(options), queue_(options.max_queue_bytes) {
  // A fixed kernel send buffer: realtime messages are small, and without a bound the kernel
  // would buffer megabytes for a reader that stopped reading before its queue overflowed.
  boost::system::error_code ignored;
  ws_.next_layer().set_option(asio::socket_base::send_buffer_size(kKernelSendBuffer), ignored);
  ws_.next_layer().set_option(asio::ip::tcp::no_delay(true), ignored);
  // Beast's own timers stay off (with a read pending, its closing handshake under a timer trips
  // its internal locks: boostorg/beast#2264); heartbeats are the protocols' own (tick()).
  websocket::stream_base::timeout timeout{};
  timeout.handshake_timeout = websocket::stream_base::none();
  timeout.idle_timeout = websocket::stream_base::none();
  timeout.keep_alive_pings = false;
  ws_.set_option(timeout);
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
    res.set(beast::http::field::server, "marquee");
  }));
  ws_.read_message_max(options_.max_message_bytes);
  last_heard_ms_ = now_ms();
  ws_.control_callback([this](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::pong) last_heard_ms_ = now_ms();
  });
  ws_.auto_fragment(false);
}

asio::awaitable<void> WebSocketPipe::run(beast::http::request<beast::http::empty_body> request,
                                         std::function<void()> on_open, MessageHandler on_message,
                                         std::function<void(bool opened)> on_closed) {
  auto self = shared_from_this();
  {
    // The upgrade request's headers are not kept for the life of the connection.
    auto upgrade = std::move(request);
    auto [aec] = co_await ws_.async_accept(upgrade, tuple_awaitable);
    if (aec) {
      on_closed(false);
      co_return;
    }
  }
  on_open();
  // Read in small pieces into a buffer that lives in this frame: an idle connection waits
  // with no heap buffer of its own (a whole-message read would allocate its size hint, a few
  // KiB per socket, before any byte arrives). Messages are assembled in `message`.
  beast::flat_static_buffer<kReadChunk> chunk;
  std::string message;
  for (;;) {
    auto [ec, n] = co_await ws_.async_read_some(chunk, kReadChunk, tuple_awaitable);
    if (ec) break;
    last_heard_ms_ = now_ms();
    message += beast::buffers_to_string(chunk.data());
    chunk.consume(chunk.size());
    if (!ws_.is_message_done()) continue;
    bool binary = ws_.got_binary();
    std::string complete;
    complete.swap(message);
    if (closing_) continue;  // drain until the peer answers our close
    bool keep = co_await on_message(std::move(complete), binary);
    if (!keep) {
      close(static_cast<std::uint16_t>(websocket::close_code::policy_error), "");
    }
  }
  closing_ = true;
  on_closed(true);
}

bool WebSocketPipe::send(Frame frame) {
  switch (queue_.push(std::move(frame))) {
    case SendQueue::Pushed::queued: return true;
    case SendQueue::Pushed::start_writer:
      asio::post(ws_.get_executor(), [self = shared_from_this()] {
        if (self->writer_active_ || self->closing_ || self->close_requested_) {
          if (!self->writer_active_) self->queue_.take();  // closing: nothing more goes out
          return;
        }
        self->writer_active_ = true;
        self->write_next();
      });
      return true;
    case SendQueue::Pushed::overflow: abort(); return false;
  }
  return false;
}

// The writer: one frame at a time from the batch taken off the queue, with a plain completion
// handler (a fan-out to thousands of sockets starts thousands of writers: no coroutine frame
// each). On the connection's thread.
void WebSocketPipe::write_next() {
  if (closing_) {
    writer_active_ = false;
    return;
  }
  if (next_in_batch_ >= batch_.size()) {
    batch_ = queue_.take();
    next_in_batch_ = 0;
    if (batch_.empty()) {
      batch_ = {};  // an idle socket keeps no batch capacity
      writer_active_ = false;
      if (close_requested_) asio::co_spawn(ws_.get_executor(), close_now(), asio::detached);
      return;
    }
  }
  const Frame& frame = batch_[next_in_batch_++];
  ws_.text(true);
  ws_.async_write(asio::buffer(*frame), [self = shared_from_this(), keep = frame](boost::system::error_code ec,
                                                                                   std::size_t) {
    if (ec) {
      self->closing_ = true;
      self->writer_active_ = false;
      return;
    }
    self->write_next();
  });
}

void WebSocketPipe::close(std::uint16_t code, std::string reason) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
    if (self->close_requested_ || self->closing_) return;
    self->close_requested_.emplace(code, std::move(reason));
    if (!self->writer_active_) asio::co_spawn(self->ws_.get_executor(), self->close_now(), asio::detached);
  });
}

// The close frame is written straight to the socket rather than with async_close: Beast's
// closing handshake run while our read is pending trips its internal locks when the peer
// drops the connection meanwhile (an assertion, seen in tests). The pending read still sees
// the peer's answering close frame and ends the connection; a peer that never answers is cut
// off after a grace.
asio::awaitable<void> WebSocketPipe::close_now() {
  auto self = shared_from_this();
  if (closing_) co_return;
  closing_ = true;
  const auto& [code, text] = *close_requested_;
  std::string reason = text.substr(0, 120);
  std::string frame;
  frame.push_back(static_cast<char>(0x88));  // FIN, close
  frame.push_back(static_cast<char>(2 + reason.size()));
  frame.push_back(static_cast<char>(code >> 8));
  frame.push_back(static_cast<char>(code & 0xff));
  frame += reason;
  auto [ec, n] = co_await asio::async_write(ws_.next_layer(), asio::buffer(frame), tuple_awaitable);
  asio::steady_timer grace(ws_.get_executor(), std::chrono::seconds(2));
  if (!ec) co_await grace.async_wait(tuple_awaitable);
  boost::system::error_code ignored;
  beast::get_lowest_layer(ws_).shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(ws_).close(ignored);
}

void WebSocketPipe::ping() {
  asio::post(ws_.get_executor(), [self = shared_from_this()] {
    if (self->closing_ || self->close_requested_ || self->pinging_) return;
    self->pinging_ = true;
    self->ws_.async_ping({}, [self](boost::system::error_code) { self->pinging_ = false; });
  });
}

void WebSocketPipe::abort() {
  asio::post(ws_.get_executor(), [self = shared_from_this()] {
    self->closing_ = true;
    boost::system::error_code ignored;
    beast::get_lowest_layer(self->ws_).shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(self->ws_).close(ignored);
  });
}

}  // namespace marquee::realtime
