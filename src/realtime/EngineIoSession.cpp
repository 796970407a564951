#include "realtime/EngineIoSession.h"

#include <boost/asio/post.hpp>
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "core/Ids.h"
#include "realtime/EngineIoPacket.h"

namespace marquee::realtime {

namespace asio = boost::asio;

namespace {

constexpr std::uint16_t kGoingAway = 1001;

std::string text(const boost::json::value& value) { return boost::json::serialize(value); }

http::Response polling_body(std::string body) {
  return http::Response::text(200, std::move(body), "text/plain; charset=UTF-8");
}

boost::json::object ack_body(const CommandResult& result, const char* data_key) {
  if (!result.ok()) return {{"error", refusal_json(*result.refusal)}};
  boost::json::object out{{"ok", true}};
  if (data_key) {
    out[data_key] = result.data;
  } else if (result.data.is_object()) {
    for (const auto& [k, v] : result.data.as_object()) out[k] = v;
  }
  return out;
}

}  // namespace

http::Response engineio_error(int code, const char* message) {
  auto response = http::Response::json(400, boost::json::object{{"code", code}, {"message", message}});
  return response;
}

EngineIoSession::EngineIoSession(std::uint64_t id, std::string remote_address, std::string sid, SocketContext& context)
    : Client(id, std::move(remote_address)),
      sid_(std::move(sid)),
      socket_id_(new_public_id()),
      context_(context),
      created_at_(context.clock.now_ms()),
      assembler_(context.options.max_payload_bytes) {
  last_ping_at_ = created_at_;
}

std::string EngineIoSession::open_packet(bool may_upgrade) const {
  boost::json::array upgrades;
  if (may_upgrade) upgrades.push_back("websocket");
  return text(boost::json::object{{"sid", sid_},
                                  {"upgrades", std::move(upgrades)},
                                  {"pingInterval", context_.options.ping_interval.count()},
                                  {"pingTimeout", context_.options.ping_timeout.count()},
                                  {"maxPayload", context_.options.max_payload_bytes}});
}

bool EngineIoSession::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

void EngineIoSession::flush_poll_locked(std::vector<std::function<void()>>& after) {
  if (!pending_poll_ || outbox_.empty()) return;
  std::string body;
  for (const auto& packet : outbox_) {
    if (!body.empty()) body.push_back(engineio::kRecordSeparator);
    body += *packet;
  }
  outbox_.clear();
  outbox_bytes_ = 0;
  after.push_back([reply = std::move(pending_poll_), body = std::move(body)]() mutable {
    reply(polling_body(std::move(body)));
  });
  pending_poll_ = nullptr;
}

std::optional<http::Response> EngineIoSession::poll(std::function<void(http::Response)> reply) {
  std::vector<std::function<void()>> after;
  bool overlapping = false;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return engineio_error(1, "Session ID unknown");
    if (upgraded_) return engineio_error(3, "Bad request");
    overlapping = static_cast<bool>(pending_poll_);
    if (!overlapping) {
      pending_poll_ = std::move(reply);
      flush_poll_locked(after);  // at once when packets wait
    }
  }
  if (!overlapping) {
    for (auto& fn : after) fn();
    return std::nullopt;
  }
  // Two polls at once: the reference server treats it as a broken client and ends the session.
  close_session("overlapping polls");
  return engineio_error(3, "Bad request");
}

http::Response EngineIoSession::receive_payload(const std::string& body) {
  if (closed()) return engineio_error(1, "Session ID unknown");
  auto packets = engineio::decode_payload(body);
  if (!packets) {
    close_session("malformed payload");
    return engineio_error(3, "Bad request");
  }
  std::lock_guard inbound(inbound_mutex_);
  for (const auto& packet : *packets) {
    if (!handle_packet(packet)) {
      close_session("malformed packet");
      return engineio_error(3, "Bad request");
    }
  }
  return http::Response::text(200, "ok", "text/html");
}

void EngineIoSession::attach_websocket(asio::ip::tcp::socket socket,
                                       boost::beast::http::request<boost::beast::http::empty_body> request,
                                       bool probe) {
  auto pipe = std::make_shared<WebSocketPipe>(
      std::move(socket),
      PipeOptions{context_.options.max_payload_bytes, context_.options.send_queue_bytes});
  auto self = std::static_pointer_cast<EngineIoSession>(shared_from_this());
  {
    std::lock_guard lock(mutex_);
    if (closed_ || pipe_) {
      // One transport socket per session: a second probe (or one for a closed session) is
      // refused, so probes cannot pile up sockets outside the per-address count.
      pipe->abort();
      return;
    }
    pipe_ = pipe;
    upgraded_ = !probe;
    probe_started_at_ = probe ? context_.clock.now_ms() : 0;
  }
  auto on_open = [self, pipe, probe] {
    if (!probe) self->send_text("0" + self->open_packet(false));
  };
  auto on_message = [self, pipe](std::string message, bool binary, std::function<void(bool)> done) {
    bool upgraded = false;
    bool probed = false;
    {
      std::lock_guard lock(self->mutex_);
      upgraded = self->upgraded_ && self->pipe_ == pipe;
      probed = self->probe_answered_;
    }
    if (!upgraded) {
      if (!binary && message == "2probe" && !probed) {
        pipe->send(std::make_shared<const std::string>("3probe"));
        // Release the pending poll so the client can pause polling and finish the upgrade.
        std::vector<std::function<void()>> after;
        {
          std::lock_guard lock(self->mutex_);
          self->probe_answered_ = true;
          self->outbox_.push_back(std::make_shared<const std::string>("6"));
          self->outbox_bytes_ += 1;
          self->flush_poll_locked(after);
        }
        for (auto& fn : after) fn();
        return done(true);
      }
      if (!binary && message == "5" && probed) {
        std::vector<Frame> waiting;
        std::function<void(http::Response)> stale_poll;
        {
          std::lock_guard lock(self->mutex_);
          self->upgraded_ = true;
          waiting.swap(self->outbox_);
          self->outbox_bytes_ = 0;
          stale_poll = std::move(self->pending_poll_);
          self->pending_poll_ = nullptr;
        }
        if (stale_poll) stale_poll(polling_body("6"));
        for (auto& frame : waiting) {
          if (*frame != "6") pipe->send(frame);
        }
        return done(true);
      }
      return done(false);
    }
    asio::post(self->context_.pool, [self, message = std::move(message), binary, done = std::move(done)] {
      std::lock_guard inbound(self->inbound_mutex_);
      auto packet = binary ? std::optional(engineio::binary_frame_packet(message))
                           : engineio::decode_text_frame(message);
      bool ok = packet && self->handle_packet(*packet);
      if (!ok) self->close_session("malformed packet");
      done(ok);
    });
  };
  auto on_closed = [self, pipe](bool) {
    bool ends_session = false;
    {
      std::lock_guard lock(self->mutex_);
      if (self->pipe_ == pipe) {
        ends_session = self->upgraded_;
        if (!ends_session) {  // a failed probe: polling goes on, and may probe again
          self->pipe_.reset();
          self->probe_answered_ = false;
        }
      }
    }
    if (ends_session) self->close_session("transport closed");  // memory only
  };
  pipe->start(request, on_open, on_message, on_closed);
}

void EngineIoSession::send(Frame packet) {
  std::shared_ptr<WebSocketPipe> pipe;
  std::vector<std::function<void()>> after;
  bool overflow = false;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    if (upgraded_ && pipe_) {
      pipe = pipe_;
    } else if (outbox_bytes_ + packet->size() > context_.options.send_queue_bytes) {
      overflow = true;
    } else {
      outbox_bytes_ += packet->size();
      outbox_.push_back(std::move(packet));
      flush_poll_locked(after);
    }
  }
  for (auto& fn : after) fn();
  if (pipe && !pipe->send(std::move(packet))) overflow = true;
  if (overflow) {
    context_.counters.slow_consumers_dropped += 1;
    close_session("send queue full");
  }
}

bool EngineIoSession::handle_packet(const engineio::Packet& packet) {
  if (packet.binary) {
    switch (assembler_.add_binary(packet.data)) {
      case socketio::PacketAssembler::Status::complete: return handle_socketio(assembler_.take());
      case socketio::PacketAssembler::Status::need_more: return true;
      case socketio::PacketAssembler::Status::malformed: return false;
    }
    return false;
  }
  switch (packet.type) {
    case engineio::PacketType::pong: {
      std::lock_guard lock(mutex_);
      pong_deadline_ = 0;
      return true;
    }
    case engineio::PacketType::ping: send_text("3" + packet.data); return true;
    case engineio::PacketType::noop: return true;
    case engineio::PacketType::close: close_session("client closed"); return true;
    case engineio::PacketType::message:
      switch (assembler_.add_text(packet.data)) {
        case socketio::PacketAssembler::Status::complete: return handle_socketio(assembler_.take());
        case socketio::PacketAssembler::Status::need_more: return true;
        case socketio::PacketAssembler::Status::malformed: return false;
      }
      return false;
    case engineio::PacketType::open:
    case engineio::PacketType::upgrade: return false;
  }
  return false;
}

void EngineIoSession::emit_ack(std::uint64_t ack_id, const boost::json::value& value) {
  send_text("43" + std::to_string(ack_id) + "[" + text(value) + "]");
}

bool EngineIoSession::handle_socketio(socketio::Packet packet) {
  auto self = shared_from_this();
  using socketio::PacketType;
  switch (packet.type) {
    case PacketType::connect: {
      if (packet.nsp != "/") {
        send_text("44" + packet.nsp + "," + text(boost::json::object{{"message", "Invalid namespace"}}));
        return true;
      }
      const boost::json::value* token = nullptr;
      if (packet.data && packet.data->is_object()) token = packet.data->as_object().if_contains("token");
      if (token && !token->is_null()) {
        CommandResult result = token->is_string()
                                   ? context_.commands.authenticate(self, std::string(token->as_string()))
                                   : CommandResult{nullptr, RoomRefusal{ErrorCode::unauthorized, "token must be a string"}};
        if (!result.ok()) {
          context_.counters.refused += 1;
          send_text("44" + text(boost::json::object{
                               {"message", "invalid token"},
                               {"data", refusal_json(*result.refusal)}}));
          return true;
        }
      }
      {
        std::lock_guard lock(mutex_);
        connected_ = true;
      }
      context_.commands.welcome(self);
      send_text("40" + text(boost::json::object{{"sid", socket_id_}}));
      return true;
    }
    case PacketType::disconnect: close_session("client disconnected"); return true;
    case PacketType::event:
    case PacketType::binary_event: {
      {
        std::lock_guard lock(mutex_);
        if (!connected_) return true;  // not in the namespace: ignored, as the reference does
      }
      if (packet.nsp != "/" || !packet.data || !packet.data->is_array()) return true;
      const auto& args = packet.data->as_array();
      if (args.empty() || !args[0].is_string()) return false;
      const std::string name(args[0].as_string());
      const boost::json::value arg = args.size() > 1 ? args[1] : boost::json::value(nullptr);
      auto field = [&](const char* key) -> std::optional<std::string> {
        if (arg.is_string() && std::string_view(key) == "room") return std::string(arg.as_string());
        if (!arg.is_object()) return std::nullopt;
        const auto* v = arg.as_object().if_contains(key);
        if (!v || !v->is_string()) return std::nullopt;
        return std::string(v->as_string());
      };
      auto bad = [](std::string message) { return CommandResult{nullptr, RoomRefusal{ErrorCode::bad_request, std::move(message)}}; };
      CommandResult result;
      const char* data_key = nullptr;
      if (name == "join" || name == "leave") {
        auto room = field("room");
        result = !room ? bad(name + " needs a room")
                       : name == "join" ? context_.commands.join(self, *room) : context_.commands.leave(*this, *room);
      } else if (name == "chat_message") {
        auto video_id = field("video_id");
        auto message = field("text");
        result = !video_id || !message ? bad("chat_message needs video_id and text")
                                       : context_.commands.chat(*this, *video_id, *message);
        data_key = "message";
      } else if (name == "auth") {
        auto token = field("token");
        result = !token ? bad("auth needs a token") : context_.commands.authenticate(self, *token);
        if (result.ok()) {
          std::lock_guard lock(mutex_);
          expiry_warned_at_ = 0;
        }
      } else {
        result = bad("unknown event '" + name + "'");
      }
      if (packet.id) emit_ack(*packet.id, ack_body(result, data_key));
      return true;
    }
    case PacketType::ack:
    case PacketType::binary_ack: return true;  // the server asks for no acks
    case PacketType::connect_error: return false;
  }
  return false;
}

void EngineIoSession::close_session(const char* why) {
  std::function<void(http::Response)> poll;
  std::shared_ptr<WebSocketPipe> pipe;
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    closed_ = true;
    poll = std::move(pending_poll_);
    pending_poll_ = nullptr;
    pipe = pipe_;
    outbox_.clear();
  }
  spdlog::debug("socket.io session {} closed: {}", sid_, why);
  if (poll) poll(polling_body("1"));
  if (pipe) pipe->close(1000, "");
  context_.commands.forget(*this);
  context_.remove_client(*this);
}

void EngineIoSession::disconnect(std::uint16_t code, const std::string&) {
  // Going away (a restart) closes the transport only, as the reference server does: clients
  // reconnect by themselves. Anything else is the server ending this socket (41), after
  // which socket.io-client does not reconnect.
  bool connected = false;
  {
    std::lock_guard lock(mutex_);
    connected = connected_;
  }
  if (connected && code != kGoingAway) send_text("41");
  close_session("server disconnected");
}

void EngineIoSession::tick(Millis now) {
  bool ping = false;
  bool timed_out = false;
  std::shared_ptr<WebSocketPipe> stalled_probe;
  bool warn = false;
  bool expire = false;
  const Millis expires = expires_at_ms();
  {
    std::lock_guard lock(mutex_);
    if (closed_) return;
    if (pong_deadline_ != 0 && now > pong_deadline_) {
      timed_out = true;
    } else if (pong_deadline_ == 0 && now - last_ping_at_ >= context_.options.ping_interval.count()) {
      ping = true;
      last_ping_at_ = now;
      pong_deadline_ = now + context_.options.ping_timeout.count();
    }
    if (!connected_ && now - created_at_ > context_.options.connect_timeout.count()) timed_out = true;
    if (pipe_ && !upgraded_ && now - probe_started_at_ > context_.options.ping_timeout.count()) {
      stalled_probe = pipe_;  // the upgrade never finished: polling goes on without it
    }
    if (expires != 0 && now >= expires) {
      if (expiry_warned_at_ == 0) {
        expiry_warned_at_ = now;
        warn = true;
      } else if (now - expiry_warned_at_ >= context_.options.auth_grace.count()) {
        expire = true;
        expiry_warned_at_ = 0;
      }
    }
  }
  if (timed_out) {
    close_session("heartbeat or connect timeout");
    return;
  }
  if (stalled_probe) stalled_probe->abort();
  if (ping) send_text("2");
  if (warn) send_text(R"(42["auth_expired",{}])");
  if (expire) {
    auto self = shared_from_this();
    asio::post(context_.pool, [self, this] { context_.commands.expire(*this); });
  }
}

}  // namespace marquee::realtime
