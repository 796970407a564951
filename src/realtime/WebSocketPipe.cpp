#include "realtime/WebSocketPipe.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/websocket.hpp>

namespace marquee::realtime {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

namespace {
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
}

WebSocketPipe::WebSocketPipe(asio::ip::tcp::socket socket, PipeOptions options)
    : ws_(std::move(socket)), options_(options), queue_(options.max_queue_bytes) {
  websocket::stream_base::timeout timeout{};
  timeout.handshake_timeout = std::chrono::seconds(10);
  if (options_.idle_timeout.count() > 0) {
    timeout.idle_timeout = options_.idle_timeout;
    timeout.keep_alive_pings = true;
  } else {
    timeout.idle_timeout = websocket::stream_base::none();
    timeout.keep_alive_pings = false;
  }
  ws_.set_option(timeout);
  ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
    res.set(beast::http::field::server, "marquee");
  }));
  ws_.read_message_max(options_.max_message_bytes);
  ws_.auto_fragment(false);
}

asio::awaitable<void> WebSocketPipe::run(beast::http::request<beast::http::empty_body> request,
                                         std::function<void()> on_open, MessageHandler on_message) {
  auto self = shared_from_this();
  auto [aec] = co_await ws_.async_accept(request, tuple_awaitable);
  if (aec) co_return;
  on_open();
  beast::flat_buffer buffer;
  for (;;) {
    auto [ec, n] = co_await ws_.async_read(buffer, tuple_awaitable);
    if (ec) break;
    bool binary = ws_.got_binary();
    std::string message = beast::buffers_to_string(buffer.data());
    // An idle connection keeps no read buffer (memory per socket is what scales).
    buffer.clear();
    buffer.shrink_to_fit();
    if (closing_) continue;  // drain until the peer answers our close
    bool keep = co_await on_message(std::move(message), binary);
    if (!keep) {
      close(static_cast<std::uint16_t>(websocket::close_code::policy_error), "");
    }
  }
  closing_ = true;
}

bool WebSocketPipe::send(Frame frame) {
  switch (queue_.push(std::move(frame))) {
    case SendQueue::Pushed::queued: return true;
    case SendQueue::Pushed::start_writer:
      asio::post(ws_.get_executor(), [self = shared_from_this()] {
        if (self->writer_active_ || self->closing_) {
          if (self->closing_) self->queue_.take();
          return;
        }
        self->writer_active_ = true;
        asio::co_spawn(self->ws_.get_executor(), self->write_loop(), asio::detached);
      });
      return true;
    case SendQueue::Pushed::overflow: abort(); return false;
  }
  return false;
}

asio::awaitable<void> WebSocketPipe::write_loop() {
  auto self = shared_from_this();
  for (;;) {
    auto batch = queue_.take();
    if (batch.empty() || closing_) break;
    for (const auto& frame : batch) {
      ws_.text(true);
      auto [ec, n] = co_await ws_.async_write(asio::buffer(*frame), tuple_awaitable);
      if (ec) {
        closing_ = true;
        writer_active_ = false;
        co_return;
      }
    }
  }
  writer_active_ = false;
  if (close_requested_ && !closing_) co_await close_now();
}

void WebSocketPipe::close(std::uint16_t code, std::string reason) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
    if (self->close_requested_ || self->closing_) return;
    self->close_requested_.emplace(code, std::move(reason));
    if (!self->writer_active_) asio::co_spawn(self->ws_.get_executor(), self->close_now(), asio::detached);
  });
}

asio::awaitable<void> WebSocketPipe::close_now() {
  auto self = shared_from_this();
  if (closing_) co_return;
  closing_ = true;
  websocket::close_reason reason(close_requested_->first);
  reason.reason = close_requested_->second.substr(0, 120);
  auto [ec] = co_await ws_.async_close(reason, tuple_awaitable);
  if (ec) {
    boost::system::error_code ignored;
    beast::get_lowest_layer(ws_).close(ignored);
  }
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
