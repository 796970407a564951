#include "realtime/WebSocketPipe.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/field.hpp>

#include <sys/socket.h>

#include <cerrno>
#include <chrono>

#include "core/Crypto.h"

namespace marquee::realtime {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;

namespace {

constexpr int kKernelSendBuffer = 64 * 1024;
constexpr std::size_t kReadBufferBytes = 64 * 1024;
constexpr auto kCloseGrace = std::chrono::seconds(2);
constexpr std::size_t kMaxControlBacklog = 8 * 1024;
constexpr int kReadsPerTurn = 16;
constexpr std::string_view kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string http_refusal(const char* status, const char* extra_header) {
  std::string body = "{\"error\":{\"code\":\"bad_request\",\"message\":\"not a WebSocket handshake\"}}";
  return std::string("HTTP/1.1 ") + status + "\r\nContent-Type: application/json\r\nConnection: close\r\n" +
         extra_header + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

WebSocketPipe::WebSocketPipe(asio::ip::tcp::socket socket, PipeOptions options)
    : socket_(std::move(socket)), options_(options), reader_(options.max_message_bytes), queue_(options.max_queue_bytes) {
  // A fixed kernel send buffer: realtime messages are small, and without a bound the kernel
  // would buffer megabytes for a reader that stopped reading before its queue overflowed.
  boost::system::error_code ignored;
  socket_.set_option(asio::socket_base::send_buffer_size(kKernelSendBuffer), ignored);
  socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
  socket_.non_blocking(true, ignored);
  last_heard_ms_ = now_ms();
}

void WebSocketPipe::start(const bhttp::request<bhttp::empty_body>& request, std::function<void()> on_open,
                          MessageHandler on_message, std::function<void(bool opened)> on_closed) {
  on_message_ = std::move(on_message);
  on_closed_ = std::move(on_closed);
  auto key = request[bhttp::field::sec_websocket_key];
  auto decoded = crypto::base64_decode(std::string(key));
  std::string response;
  bool valid = false;
  if (request[bhttp::field::sec_websocket_version] != "13") {
    response = http_refusal("426 Upgrade Required", "Sec-WebSocket-Version: 13\r\n");
  } else if (!decoded || decoded->size() != 16) {
    response = http_refusal("400 Bad Request", "");
  } else {
    valid = true;
    response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nServer: marquee\r\n"
               "Sec-WebSocket-Accept: " +
               crypto::base64_encode(crypto::sha1(std::string(key) + std::string(kAcceptGuid))) + "\r\n\r\n";
  }
  auto bytes = std::make_shared<std::string>(std::move(response));
  asio::async_write(socket_, asio::buffer(*bytes),
                    [self = shared_from_this(), bytes, valid, on_open = std::move(on_open)](
                        boost::system::error_code ec, std::size_t) {
                      if (ec || !valid) return self->finish();
                      self->opened_ = true;
                      on_open();
                      self->start_writer();  // anything queued before the 101 went out
                      self->wait_readable();
                    });
}

void WebSocketPipe::wait_readable() {
  if (finished_) return;
  socket_.async_wait(asio::ip::tcp::socket::wait_read, [self = shared_from_this()](boost::system::error_code ec) {
    if (ec) return self->finish();
    self->on_readable();
  });
}

void WebSocketPipe::on_readable() {
  // One read buffer per thread serves every socket of the thread.
  thread_local std::unique_ptr<char[]> buffer(new char[kReadBufferBytes]);
  for (int reads = 0;; ++reads) {
    if (finished_) return;
    if (reads == kReadsPerTurn) {
      // A fast sender yields its thread to the other sockets now and then.
      asio::post(socket_.get_executor(), [self = shared_from_this()] { self->on_readable(); });
      return;
    }
    ssize_t n = ::recv(socket_.native_handle(), buffer.get(), kReadBufferBytes, MSG_DONTWAIT);
    if (n > 0) {
      last_heard_ms_ = now_ms();
      if (!consume(std::string_view(buffer.get(), static_cast<std::size_t>(n)))) return;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return wait_readable();
    return finish();  // end of stream or a reset
  }
}

bool WebSocketPipe::consume(std::string_view bytes) {
  if (finished_) return false;
  if (handling_) {
    unparsed_.append(bytes);
    return false;
  }
  while (!bytes.empty() || !peer_closed_) {
    if (peer_closed_ || finished_) return false;
    std::size_t used = 0;
    auto event = reader_.feed(bytes, used);
    bytes.remove_prefix(used);
    switch (event) {
      case ws::FrameReader::Event::need_more: return true;
      case ws::FrameReader::Event::error:
        // Fail the connection, but go on reading (and dropping) what the client is still
        // sending, so it reads the close frame instead of a reset.
        request_close(reader_.error_code(), "");
        return true;
      case ws::FrameReader::Event::control: {
        auto payload = reader_.take_control();
        switch (reader_.control_opcode()) {
          case ws::Opcode::ping:
            queue_control(ws::frame_header(ws::Opcode::pong, payload.size()) + payload);
            break;
          case ws::Opcode::close: {
            peer_closed_ = true;
            auto info = ws::parse_close(payload);
            if (close_sent_) {
              finish();
            } else {
              request_close(info.valid ? (info.code == 1005 ? ws::kCloseNormal : info.code) : ws::kCloseProtocolError,
                            "");
            }
            return false;
          }
          default: break;  // a pong: being heard is all it says
        }
        break;
      }
      case ws::FrameReader::Event::message: {
        if (close_requested_ || !on_message_) break;  // closing: nothing more is handled
        handling_ = true;
        unparsed_.assign(bytes);
        auto executor = socket_.get_executor();
        on_message_(reader_.take_message(), reader_.message_is_binary(),
                    [self = shared_from_this(), executor](bool keep) {
                      asio::post(executor, [self, keep] {
                        if (self->finished_) return;
                        self->handling_ = false;
                        // At once, so no message read after this one is handled.
                        if (!keep) self->request_close(ws::kClosePolicy, "");
                        std::string rest = std::move(self->unparsed_);
                        self->unparsed_ = {};
                        if (!rest.empty() && !self->consume(rest)) return;
                        self->on_readable();
                      });
                    });
        return false;
      }
    }
  }
  return true;
}

bool WebSocketPipe::send(Frame frame) {
  switch (queue_.push(std::move(frame))) {
    case SendQueue::Pushed::queued: return true;
    case SendQueue::Pushed::start_writer:
      asio::post(socket_.get_executor(), [self = shared_from_this()] { self->start_writer(); });
      return true;
    case SendQueue::Pushed::overflow: abort(); return false;
  }
  return false;
}

void WebSocketPipe::queue_control(std::string frame) {
  // Pongs are owed for pings the client sends; one that pings without reading the answers
  // would grow this without end, so it is dropped like any reader that falls behind.
  if (control_out_.size() + frame.size() > kMaxControlBacklog) return finish();
  control_out_ += frame;
  start_writer();
}

void WebSocketPipe::start_writer() {
  if (writer_active_ || finished_ || !opened_) return;
  writer_active_ = true;
  write_some();
}

// Gathers what waits (control frames first, at a frame boundary; then queued messages; then
// the close frame once nothing precedes it) into one buffer and sends it with send(2), waiting
// for room when the kernel has none.
void WebSocketPipe::write_some() {
  for (;;) {
    if (finished_) return;
    if (out_sent_ == out_.size()) {
      out_.clear();
      out_sent_ = 0;
      if (close_sent_) {
        writer_active_ = false;
        out_ = {};
        return;
      }
      out_ += control_out_;
      control_out_.clear();
      for (const auto& frame : queue_.take()) {
        out_ += ws::frame_header(ws::Opcode::text, frame->size());
        out_ += *frame;
      }
      if (close_requested_) {
        // What was queued before the close goes first, then the close frame, then nothing.
        out_ += ws::close_frame(close_requested_->first, close_requested_->second);
        close_sent_ = true;
      }
      if (out_.empty()) {
        writer_active_ = false;
        out_ = {};  // an idle socket keeps no write buffer
        return;
      }
    }
    ssize_t n = ::send(socket_.native_handle(), out_.data() + out_sent_, out_.size() - out_sent_,
                       MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      out_sent_ += static_cast<std::size_t>(n);
      // Our close frame is out: the peer answers it, or the grace timer ends the connection.
      if (out_sent_ == out_.size() && close_sent_ && peer_closed_) return finish();
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      socket_.async_wait(asio::ip::tcp::socket::wait_write, [self = shared_from_this()](boost::system::error_code ec) {
        if (ec) return self->finish();
        self->write_some();
      });
      return;
    }
    return finish();
  }
}

void WebSocketPipe::close(std::uint16_t code, std::string reason) {
  asio::post(socket_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
    self->request_close(code, std::move(reason));
  });
}

// On the connection's thread. The connection ends kCloseGrace after the request whatever
// happens meanwhile: a peer that neither reads our close frame nor answers it cannot hold
// the socket.
void WebSocketPipe::request_close(std::uint16_t code, std::string reason) {
  if (close_requested_ || finished_) return;
  close_requested_.emplace(code, std::move(reason));
  auto timer = std::make_shared<asio::steady_timer>(socket_.get_executor(), kCloseGrace);
  timer->async_wait([self = shared_from_this(), timer](boost::system::error_code) { self->finish(); });
  start_writer();
}

void WebSocketPipe::ping() {
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    if (self->close_requested_ || self->finished_ || !self->opened_) return;
    self->queue_control(ws::frame_header(ws::Opcode::ping, 0));
  });
}

void WebSocketPipe::abort() {
  asio::post(socket_.get_executor(), [self = shared_from_this()] { self->finish(); });
}

void WebSocketPipe::finish() {
  if (finished_) return;
  finished_ = true;
  boost::system::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  queue_.take();
  auto on_closed = std::move(on_closed_);
  on_closed_ = nullptr;
  on_message_ = nullptr;  // the handlers hold the client, which holds this pipe
  if (on_closed) on_closed(opened_);
}

}  // namespace marquee::realtime
