#include "realtime/WebSocketClient.h"

#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include <algorithm>

namespace marquee::realtime {

namespace asio = boost::asio;

namespace {

constexpr std::uint16_t kCloseAuthExpired = 4001;
constexpr std::size_t kMaxCommandBytes = 64 * 1024;

std::string text(const boost::json::value& value) { return boost::json::serialize(value); }

}  // namespace

WebSocketClient::WebSocketClient(std::uint64_t id, std::string remote_address, SocketContext& context,
                                 asio::ip::tcp::socket socket)
    : Client(id, std::move(remote_address)),
      context_(context),
      pipe_(std::make_shared<WebSocketPipe>(
          std::move(socket),
          // /api/ws frames are small JSON commands: a partly sent message may not hold more
          // than 64 KiB of a socket's memory, whatever realtime.max_payload_bytes allows Socket.IO.
          PipeOptions{std::min<std::size_t>(context.options.max_payload_bytes, kMaxCommandBytes),
                      context.options.send_queue_bytes})) {}

void WebSocketClient::start(boost::beast::http::request<boost::beast::http::empty_body> request, Identity identity) {
  set_identity(std::move(identity));
  auto self = std::static_pointer_cast<WebSocketClient>(shared_from_this());
  auto on_open = [self] {
    self->context_.counters.websocket_open += 1;
    asio::post(self->context_.pool, [self] {
      self->context_.commands.welcome(self);
      auto caller = self->caller();
      boost::json::array rooms;
      for (const auto& room : self->context_.commands.rooms_of(*self)) rooms.push_back(boost::json::string(room));
      self->reply(text(boost::json::object{
          {"type", "hello"},
          {"user_id", caller ? boost::json::value(caller->user_id) : boost::json::value(nullptr)},
          {"rooms", std::move(rooms)}}));
    });
  };
  auto on_message = [self](std::string message, bool binary, std::function<void(bool)> done) {
    if (binary) return done(false);  // the protocol is JSON text: 1008
    asio::post(self->context_.pool, [self, message = std::move(message), done = std::move(done)] {
      done(self->handle(message));
    });
  };
  auto on_closed = [self](bool opened) {
    // Memory only: done here, so nothing is left to a pool that may be stopping.
    if (opened) self->context_.counters.websocket_open -= 1;
    self->context_.commands.forget(*self);
    self->context_.remove_client(*self);
  };
  pipe_->start(request, on_open, on_message, on_closed);
}

void WebSocketClient::deliver(const OutboundEvent& event) {
  if (!pipe_->send(event.websocket_frame)) context_.counters.slow_consumers_dropped += 1;
}

void WebSocketClient::reply(std::string json) {
  if (!pipe_->send(std::make_shared<const std::string>(std::move(json)))) context_.counters.slow_consumers_dropped += 1;
}

bool WebSocketClient::handle(const std::string& frame) {
  boost::system::error_code ec;
  boost::json::parse_options options;
  options.max_depth = 16;
  auto parsed = boost::json::parse(frame, ec, {}, options);
  if (ec || !parsed.is_object()) return false;  // not our protocol: 1008
  const auto& object = parsed.as_object();
  const auto* type = object.if_contains("type");
  if (!type || !type->is_string()) return false;
  boost::json::value id = nullptr;
  if (const auto* given = object.if_contains("id")) {
    if (!given->is_string() && !given->is_int64() && !given->is_uint64()) return false;
    id = *given;
  }
  auto string_field = [&](const char* key) -> std::optional<std::string> {
    const auto* v = object.if_contains(key);
    if (!v || !v->is_string()) return std::nullopt;
    return std::string(v->as_string());
  };
  auto answer = [&](const CommandResult& result) {
    if (result.ok()) {
      reply(text(boost::json::object{{"type", "ack"}, {"id", id}, {"data", result.data}}));
    } else {
      auto error = refusal_json(*result.refusal);
      error["type"] = "error";
      error["id"] = id;
      reply(text(error));
    }
  };
  auto bad_request = [&](std::string message) {
    answer({nullptr, RoomRefusal{ErrorCode::bad_request, std::move(message)}});
  };
  auto self = shared_from_this();
  const std::string_view kind = type->as_string();
  if (kind == "ping") {
    reply(text(boost::json::object{{"type", "pong"}, {"id", id}}));
  } else if (kind == "auth") {
    auto token = string_field("token");
    if (!token) {
      bad_request("auth needs a token");
    } else {
      auto result = context_.commands.authenticate(self, *token);
      if (result.ok()) expiry_warned_at_ = 0;
      answer(result);
    }
  } else if (kind == "subscribe" || kind == "unsubscribe") {
    auto room = string_field("room");
    if (!room) {
      bad_request(std::string(kind) + " needs a room");
    } else {
      answer(kind == "subscribe" ? context_.commands.join(self, *room) : context_.commands.leave(*this, *room));
    }
  } else if (kind == "chat") {
    auto video_id = string_field("video_id");
    auto message = string_field("text");
    if (!video_id || !message) {
      bad_request("chat needs video_id and text");
    } else {
      answer(context_.commands.chat(*this, *video_id, *message));
    }
  } else {
    bad_request("unknown message type");
  }
  return true;
}

void WebSocketClient::tick(Millis now) {
  // Heartbeat: a WebSocket ping every ping_interval; silence past ping_interval + ping_timeout
  // (no pong, no message) drops the connection.
  const auto steady_now = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now().time_since_epoch())
                              .count();
  const auto silent = steady_now - pipe_->last_heard_ms();
  if (silent > (context_.options.ping_interval + context_.options.ping_timeout).count()) {
    pipe_->abort();
    return;
  }
  if (steady_now - last_ping_ms_ >= context_.options.ping_interval.count()) {
    last_ping_ms_ = steady_now;
    pipe_->ping();
  }
  const Millis expires = expires_at_ms();
  if (expires == 0 || now < expires) return;
  Millis warned = expiry_warned_at_;
  if (warned == 0) {
    expiry_warned_at_ = now;
    reply(R"({"type":"auth_expired"})");
  } else if (now - warned >= context_.options.auth_grace.count()) {
    pipe_->close(kCloseAuthExpired, "access token expired");
  }
}

}  // namespace marquee::realtime
