#include "support/WebSocketTestClient.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <random>

namespace marquee::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct WebSocketTestClient::Impl {
  asio::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};
  beast::flat_buffer buffer;
  int status = 0;
  bool open = false;
  std::atomic<int> next_id{1};

  // Runs the started async operation until it completes or `timeout` passes (then cancels it).
  bool run_for(std::chrono::milliseconds timeout, const bool& done) {
    ioc.restart();
    ioc.run_for(timeout);
    if (done) return true;
    boost::system::error_code ignored;
    ws.next_layer().cancel(ignored);
    ioc.restart();
    ioc.run();
    return false;
  }
};

WebSocketTestClient::WebSocketTestClient(std::uint16_t port, const std::string& target, const Headers& headers,
                                         int receive_buffer_bytes)
    : impl_(std::make_unique<Impl>()) {
  auto& s = impl_->ws.next_layer();
  s.open(tcp::v4());
  if (receive_buffer_bytes > 0) s.set_option(asio::socket_base::receive_buffer_size(receive_buffer_bytes));
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  impl_->ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    for (const auto& [k, v] : headers) req.set(k, v);
  }));
  impl_->ws.read_message_max(64 << 20);
  websocket::response_type response;
  boost::system::error_code ec;
  impl_->ws.handshake(response, "127.0.0.1:" + std::to_string(port), target, ec);
  impl_->status = static_cast<int>(response.result_int());
  impl_->open = !ec;
}

WebSocketTestClient::~WebSocketTestClient() {
  boost::system::error_code ignored;
  impl_->ws.next_layer().close(ignored);
}

bool WebSocketTestClient::open() const { return impl_->open; }
int WebSocketTestClient::status() const { return impl_->status; }

void WebSocketTestClient::send(const std::string& text) {
  impl_->ws.text(true);
  boost::system::error_code ec;
  impl_->ws.write(asio::buffer(text), ec);
}

void WebSocketTestClient::send_binary(const std::string& bytes) {
  impl_->ws.binary(true);
  boost::system::error_code ec;
  impl_->ws.write(asio::buffer(bytes), ec);
}

void WebSocketTestClient::send_json(const boost::json::value& value) { send(boost::json::serialize(value)); }

std::optional<std::string> WebSocketTestClient::read(std::chrono::milliseconds timeout) {
  if (!impl_->open) return std::nullopt;
  bool done = false;
  boost::system::error_code result;
  impl_->buffer.clear();
  impl_->ws.async_read(impl_->buffer, [&](boost::system::error_code ec, std::size_t) {
    result = ec;
    done = true;
  });
  if (!impl_->run_for(timeout, done) || result) {
    if (result) impl_->open = false;
    return std::nullopt;
  }
  return beast::buffers_to_string(impl_->buffer.data());
}

std::optional<boost::json::object> WebSocketTestClient::read_until(
    const std::function<bool(const boost::json::object&)>& accept, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto message = read(left);
    if (!message) return std::nullopt;
    boost::system::error_code ec;
    auto parsed = boost::json::parse(*message, ec);
    if (ec || !parsed.is_object()) continue;
    if (accept(parsed.as_object())) return parsed.as_object();
  }
}

std::optional<boost::json::object> WebSocketTestClient::event(const std::string& name,
                                                              std::chrono::milliseconds timeout) {
  return read_until(
      [&](const boost::json::object& o) {
        const auto* type = o.if_contains("type");
        const auto* event = o.if_contains("event");
        return type && type->is_string() && type->as_string() == "event" && event && event->is_string() &&
               event->as_string() == name;
      },
      timeout);
}

std::optional<int> WebSocketTestClient::close_code(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    bool done = false;
    boost::system::error_code result;
    impl_->buffer.clear();
    impl_->ws.async_read(impl_->buffer, [&](boost::system::error_code ec, std::size_t) {
      result = ec;
      done = true;
    });
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (!impl_->run_for(std::max(left, std::chrono::milliseconds(1)), done)) return std::nullopt;
    if (result == websocket::error::closed) {
      impl_->open = false;
      return static_cast<int>(impl_->ws.reason().code);
    }
    if (result) {
      impl_->open = false;
      return 0;
    }
  }
  return std::nullopt;
}

std::optional<boost::json::object> WebSocketTestClient::call(boost::json::object message,
                                                             std::chrono::milliseconds timeout) {
  std::int64_t id = impl_->next_id++;
  message["id"] = id;
  send_json(message);
  return read_until(
      [&](const boost::json::object& o) {
        const auto* got = o.if_contains("id");
        return got && got->is_int64() && got->as_int64() == id;
      },
      timeout);
}

int raw_websocket(std::uint16_t port, const std::string& target) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  std::string request = "GET " + target +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string response;
  char c;
  while (response.find("\r\n\r\n") == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 5000) <= 0 || ::recv(fd, &c, 1, 0) != 1) {
      ::close(fd);
      return -1;
    }
    response.push_back(c);
  }
  if (response.rfind("HTTP/1.1 101", 0) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::string ws_frame(bool fin, int opcode, const std::string& payload, bool masked) {
  std::string frame;
  frame.push_back(static_cast<char>((fin ? 0x80 : 0) | (opcode & 0x0f)));
  const std::size_t n = payload.size();
  const char mask_bit = masked ? static_cast<char>(0x80) : 0;
  if (n < 126) {
    frame.push_back(static_cast<char>(mask_bit | static_cast<char>(n)));
  } else if (n < 65536) {
    frame.push_back(static_cast<char>(mask_bit | 126));
    frame.push_back(static_cast<char>((n >> 8) & 0xff));
    frame.push_back(static_cast<char>(n & 0xff));
  } else {
    frame.push_back(static_cast<char>(mask_bit | 127));
    for (int i = 7; i >= 0; --i) frame.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> (8 * i)) & 0xff));
  }
  const char key[4] = {0x12, 0x34, 0x56, 0x78};
  if (masked) frame.append(key, 4);
  for (std::size_t i = 0; i < n; ++i) frame.push_back(masked ? static_cast<char>(payload[i] ^ key[i % 4]) : payload[i]);
  return frame;
}

std::optional<int> raw_close_code(int fd, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string bytes;
  for (;;) {
    // Parse whatever frames arrived: server frames are unmasked.
    std::size_t at = 0;
    while (bytes.size() >= at + 2) {
      int opcode = static_cast<unsigned char>(bytes[at]) & 0x0f;
      std::size_t len = static_cast<unsigned char>(bytes[at + 1]) & 0x7f;
      std::size_t header = 2;
      if (len == 126) {
        if (bytes.size() < at + 4) break;
        len = (static_cast<unsigned char>(bytes[at + 2]) << 8) | static_cast<unsigned char>(bytes[at + 3]);
        header = 4;
      } else if (len == 127) {
        break;  // no server frame here is that large
      }
      if (bytes.size() < at + header + len) break;
      if (opcode == 8) {
        if (len < 2) return 1005;
        return (static_cast<unsigned char>(bytes[at + header]) << 8) | static_cast<unsigned char>(bytes[at + header + 1]);
      }
      at += header + len;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return std::nullopt;
    char chunk[4096];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return 0;
    bytes.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace marquee::testing
