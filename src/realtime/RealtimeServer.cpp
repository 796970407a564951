#include "realtime/RealtimeServer.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "accounts/AccountEvents.h"
#include "accounts/RequestAuth.h"
#include "events/EventBus.h"
#include "core/Crypto.h"
#include "http/Metrics.h"
#include "http/OriginPolicy.h"
#include "http/UpgradedConnection.h"
#include "realtime/ClientCommands.h"
#include "realtime/EngineIoSession.h"
#include "realtime/EventRelay.h"
#include "realtime/RoomAccess.h"
#include "realtime/RoomRegistry.h"
#include "realtime/SocketContext.h"
#include "realtime/WebSocketClient.h"

namespace marquee::realtime {

namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
using http::Request;
using http::Response;

namespace {

constexpr auto kTickInterval = std::chrono::milliseconds(100);
constexpr const char* kWebSocketPath = "/api/ws";
constexpr const char* kSocketIoPath = "/socket.io/";
constexpr std::uint16_t kCloseSessionEnded = 4001;

std::string new_session_id() {
  // 20 URL-safe characters, like the reference server's ids.
  return crypto::base64url_encode(crypto::random_bytes(15));
}

}  // namespace

struct RealtimeServer::Impl {
  Impl(RealtimeOptions opts, RealtimeParts p)
      : options(std::move(opts)),
        parts(p),
        access(p.videos, p.channels, p.auth.age_gate()),
        commands(rooms, access, p.chat, p.auth, options.max_rooms_per_connection),
        pool(std::make_unique<asio::thread_pool>(static_cast<std::size_t>(std::max(1, options.worker_threads)))),
        context{options, commands, *pool, p.clock, counters, [this](const Client& c) { remove_client(c); }},
        relay(p.bus, rooms, access, p.videos, p.comments, p.notifications, p.clock,
              [this](std::function<void()> fn) { background(std::move(fn)); }) {}

  RealtimeOptions options;
  RealtimeParts parts;
  RoomRegistry rooms;
  RoomAccess access;
  ClientCommands commands;
  SocketCounters counters;
  std::mutex pool_mutex;  // guards resetting `pool` against events still being relayed
  std::unique_ptr<asio::thread_pool> pool;
  SocketContext context;
  EventRelay relay;

  std::mutex mutex;
  std::unordered_map<std::uint64_t, std::shared_ptr<Client>> clients;
  std::unordered_map<std::string, std::shared_ptr<EngineIoSession>> sessions;
  std::unordered_map<std::string, std::size_t> per_address;
  std::uint64_t next_id = 1;
  bool stopping = false;

  std::jthread ticker;
  std::vector<events::Subscription> subscriptions;

  // A session that ended (sign-out, a password change, a deleted account) closes its sockets
  // at once (4001, as an expired token); a role change applies to what they may join next.
  void recheck_sessions(const std::string& user_id, const std::optional<std::string>& ended_session) {
    for (const auto& client : all_clients()) {
      auto identity = client->identity();
      if (!identity.caller || identity.caller->user_id != user_id) continue;
      if (ended_session && identity.session_id != *ended_session) continue;
      std::optional<accounts::Principal> now;
      if (!ended_session) {
        try {
          now = parts.auth.standing(user_id, identity.session_id);
        } catch (const std::exception& e) {
          spdlog::warn("realtime: session check failed: {}", e.what());
          continue;
        }
      }
      if (!now) {
        client->disconnect(kCloseSessionEnded, "session ended");
        continue;
      }
      identity.caller = *now;
      client->set_identity(std::move(identity));
    }
  }

  void background(std::function<void()> fn) {
    std::lock_guard lock(pool_mutex);
    if (!pool) return;  // released: the server has stopped
    asio::post(*pool, [fn = std::move(fn)] {
      try {
        fn();
      } catch (const std::exception& e) {
        spdlog::warn("realtime: relaying an event failed: {}", e.what());
      }
    });
  }

  // Room for one more connection from `address`: its id, or 0 when refused.
  std::uint64_t reserve(const std::string& address) {
    std::lock_guard lock(mutex);
    if (stopping) return 0;
    auto& n = per_address[address];
    if (n >= options.max_connections_per_ip) return 0;
    ++n;
    return next_id++;
  }

  void add(const std::shared_ptr<Client>& client) {
    std::lock_guard lock(mutex);
    clients.emplace(client->id(), client);
    if (auto session = std::dynamic_pointer_cast<EngineIoSession>(client)) sessions.emplace(session->sid(), session);
  }

  void release(const std::string& address) {
    auto it = per_address.find(address);
    if (it != per_address.end() && --it->second == 0) per_address.erase(it);
  }

  void remove_client(const Client& client) {
    std::shared_ptr<Client> removed;  // destroyed after the lock
    std::lock_guard lock(mutex);
    auto it = clients.find(client.id());
    if (it == clients.end()) return;
    removed = std::move(it->second);
    clients.erase(it);
    if (auto* session = dynamic_cast<const EngineIoSession*>(&client)) {
      sessions.erase(session->sid());
      counters.socketio_open -= 1;
    }
    release(client.remote_address());
  }

  std::shared_ptr<EngineIoSession> session(const std::string& sid) {
    std::lock_guard lock(mutex);
    auto it = sessions.find(sid);
    return it == sessions.end() ? nullptr : it->second;
  }

  std::vector<std::shared_ptr<Client>> all_clients() {
    std::lock_guard lock(mutex);
    std::vector<std::shared_ptr<Client>> out;
    out.reserve(clients.size());
    for (const auto& [id, client] : clients) out.push_back(client);
    return out;
  }

  // A browser page of another site may not open a socket unless realtime.origins lists it.
  bool origin_allowed(const Request& request) const {
    if (options.origins.empty()) return true;
    auto origin = request.header("Origin");
    if (!origin) return true;  // not a browser
    return std::find(options.origins.begin(), options.origins.end(), *origin) != options.origins.end();
  }

  // The identity an upgrade or handshake request carries: `access_token` in the query, or the
  // access cookie from a trusted origin. Throws Error(unauthorized) for a bad token.
  Identity identity_of(const Request& request) {
    std::optional<std::string> token = request.query("access_token");
    if (!token) {
      if (auto cookie = request.cookie(accounts::kAccessCookie)) {
        // Opening a socket is treated as a change: a cross-site page must not ride the cookie
        // (cross-site WebSocket hijacking).
        Request probe = request;
        probe.method = http::Method::POST;
        if (parts.origins.cookie_may_authorize(probe)) token = *cookie;
      }
    }
    if (!token) return {};
    auto claims = parts.auth.authenticate(*token);
    return {claims.principal, claims.session_id, claims.expires_at_ms};
  }

  void add_cors(const Request& request, Response& response) const {
    auto origin = request.header("Origin");
    if (!origin) return;
    if (parts.origins.listed(*origin)) {
      response.headers.set("Access-Control-Allow-Origin", std::string(*origin));
      response.headers.set("Access-Control-Allow-Credentials", "true");
      response.headers.set("Vary", "Origin");
    } else if (parts.origins.any()) {
      response.headers.set("Access-Control-Allow-Origin", "*");
    }
  }

  void respond_polling(const Request& request, std::function<void(Response)> reply);
  asio::awaitable<void> upgrade_websocket(Request request, std::unique_ptr<http::UpgradedConnection> connection);
  asio::awaitable<void> upgrade_socketio(Request request, std::unique_ptr<http::UpgradedConnection> connection);

  void tick_loop(std::stop_token stop) {
    std::mutex m;
    std::condition_variable_any wake;
    Millis last_client_tick = 0;
    while (!stop.stop_requested()) {
      try {
        relay.tick();
        Millis now = parts.clock.now_ms();
        if (now - last_client_tick >= 1'000) {
          last_client_tick = now;
          for (const auto& client : all_clients()) client->tick(now);
        }
      } catch (const std::exception& e) {
        spdlog::warn("realtime tick failed: {}", e.what());
      }
      std::unique_lock lock(m);
      wake.wait_for(lock, stop, kTickInterval, [] { return false; });
    }
  }
};

namespace {

// Writes a plain HTTP answer on a socket that asked for a WebSocket, and closes it.
asio::awaitable<void> refuse_upgrade(asio::ip::tcp::socket& socket, const Response& r) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), 11};
  for (const auto& [k, v] : r.headers) res.insert(k, v);
  res.keep_alive(false);
  res.body() = r.body;
  res.prepare_payload();
  co_await bhttp::async_write(socket, res, asio::as_tuple(asio::use_awaitable));
  boost::system::error_code ignored;
  socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

}  // namespace

asio::awaitable<void> RealtimeServer::Impl::upgrade_websocket(Request request,
                                                              std::unique_ptr<http::UpgradedConnection> connection) {
  auto& socket = connection->socket;
  if (!origin_allowed(request)) {
    counters.refused += 1;
    co_await refuse_upgrade(socket, Response::error(ErrorCode::forbidden, "this origin may not open a socket"));
    co_return;
  }
  Identity identity;
  std::optional<Error> refused;
  auto outcome = co_await context.on_pool([this, &request]() -> std::pair<Identity, std::optional<Error>> {
    try {
      return {identity_of(request), std::nullopt};
    } catch (const Error& e) {
      return {{}, e};
    }
  });
  if (outcome.second) {
    counters.refused += 1;
    co_await refuse_upgrade(socket, Response::error(outcome.second->code(), outcome.second->what()));
    co_return;
  }
  auto id = reserve(request.remote_address);
  if (id == 0) {
    counters.refused += 1;
    co_await refuse_upgrade(socket, Response::error(ErrorCode::rate_limited, "too many sockets from this address"));
    co_return;
  }
  auto client = std::make_shared<WebSocketClient>(id, request.remote_address, context, std::move(socket));
  add(client);
  client->start(std::move(connection->request), std::move(outcome.first));
}

asio::awaitable<void> RealtimeServer::Impl::upgrade_socketio(Request request,
                                                             std::unique_ptr<http::UpgradedConnection> connection) {
  auto& socket = connection->socket;
  auto eio = request.query("EIO");
  auto transport = request.query("transport");
  if (eio != "4") {
    co_await refuse_upgrade(socket, engineio_error(5, "Unsupported protocol version"));
    co_return;
  }
  if (transport != "websocket") {
    co_await refuse_upgrade(socket, engineio_error(0, "Transport unknown"));
    co_return;
  }
  if (!origin_allowed(request)) {
    counters.refused += 1;
    co_await refuse_upgrade(socket, engineio_error(4, "Forbidden"));
    co_return;
  }
  if (auto sid = request.query("sid")) {
    auto existing = session(*sid);
    if (!existing || existing->closed()) {
      co_await refuse_upgrade(socket, engineio_error(1, "Session ID unknown"));
      co_return;
    }
    existing->attach_websocket(std::move(socket), std::move(connection->request), true);
    co_return;
  }
  auto id = reserve(request.remote_address);
  if (id == 0) {
    counters.refused += 1;
    co_await refuse_upgrade(socket, engineio_error(4, "Forbidden"));
    co_return;
  }
  auto created = std::make_shared<EngineIoSession>(id, request.remote_address, new_session_id(), context);
  counters.socketio_open += 1;
  add(created);
  created->attach_websocket(std::move(socket), std::move(connection->request), false);
}

void RealtimeServer::Impl::respond_polling(const Request& request, std::function<void(Response)> reply) {
  if (request.method == http::Method::OPTIONS) {
    Response r = Response::no_content();
    r.headers.set("Access-Control-Allow-Methods", "GET, POST");
    r.headers.set("Access-Control-Allow-Headers", "content-type");
    reply(std::move(r));
    return;
  }
  if (request.query("EIO") != "4") return reply(engineio_error(5, "Unsupported protocol version"));
  auto transport = request.query("transport");
  if (transport == "websocket") return reply(engineio_error(3, "Bad request"));
  if (transport != "polling") return reply(engineio_error(0, "Transport unknown"));
  auto sid = request.query("sid");
  if (!sid) {
    if (request.method != http::Method::GET) return reply(engineio_error(2, "Bad handshake method"));
    if (!origin_allowed(request)) return reply(engineio_error(4, "Forbidden"));
    auto id = reserve(request.remote_address);
    if (id == 0) {
      counters.refused += 1;
      return reply(engineio_error(4, "Forbidden"));
    }
    auto created = std::make_shared<EngineIoSession>(id, request.remote_address, new_session_id(), context);
    counters.socketio_open += 1;
    add(created);
    return reply(Response::text(200, "0" + created->open_packet(true), "text/plain; charset=UTF-8"));
  }
  auto existing = session(*sid);
  if (!existing) return reply(engineio_error(1, "Session ID unknown"));
  if (request.method == http::Method::GET) {
    if (auto refusal = existing->poll(reply)) reply(std::move(*refusal));
    return;
  }
  if (request.method == http::Method::POST) {
    asio::post(*pool, [existing, body = request.body, reply = std::move(reply)] { reply(existing->receive_payload(body)); });
    return;
  }
  reply(engineio_error(2, "Bad handshake method"));
}

RealtimeServer::RealtimeServer(RealtimeOptions options, RealtimeParts parts)
    : impl_(std::make_unique<Impl>(std::move(options), parts)) {
  auto& impl = *impl_;
  impl.subscriptions.push_back(parts.bus.subscribe(accounts::kSessionEnded, [&impl](const events::Event& e) {
    auto session = events::data_string(e, "session_id");
    if (session) impl.background([&impl, user = e.subject, session] { impl.recheck_sessions(user, session); });
  }));
  impl.subscriptions.push_back(parts.bus.subscribe(accounts::kAccountDeleted, [&impl](const events::Event& e) {
    impl.background([&impl, user = e.subject] { impl.recheck_sessions(user, std::nullopt); });
  }));
  impl.subscriptions.push_back(parts.bus.subscribe(accounts::kAccountChanged, [&impl](const events::Event& e) {
    impl.background([&impl, user = e.subject] { impl.recheck_sessions(user, std::nullopt); });
  }));
  auto& metrics = parts.metrics;
  metrics.add_gauge("marquee_realtime_connections_websocket", "open /api/ws connections",
                    [&impl] { return static_cast<double>(impl.counters.websocket_open.load()); });
  metrics.add_gauge("marquee_realtime_connections_socketio", "open Socket.IO sessions",
                    [&impl] { return static_cast<double>(impl.counters.socketio_open.load()); });
  metrics.add_gauge("marquee_realtime_rooms", "rooms with at least one connection on this node",
                    [&impl] { return static_cast<double>(impl.rooms.room_count()); });
  metrics.add_gauge("marquee_realtime_events_sent_total", "room events sent by this node",
                    [&impl] { return static_cast<double>(impl.relay.counters().events_sent.load()); });
  metrics.add_gauge("marquee_realtime_deliveries_total", "room events times the sockets that received them",
                    [&impl] { return static_cast<double>(impl.relay.counters().deliveries.load()); });
  metrics.add_gauge("marquee_realtime_evictions_total", "connections removed from a room they may no longer be in",
                    [&impl] { return static_cast<double>(impl.relay.counters().evictions.load()); });
  metrics.add_gauge("marquee_realtime_slow_consumers_dropped_total",
                    "connections dropped because their send queue was full",
                    [&impl] { return static_cast<double>(impl.counters.slow_consumers_dropped.load()); });
  metrics.add_gauge("marquee_realtime_refused_total", "socket handshakes refused (origin, limits, tokens)",
                    [&impl] { return static_cast<double>(impl.counters.refused.load()); });
}

RealtimeServer::~RealtimeServer() { stop(); }

void RealtimeServer::start() {
  impl_->ticker = std::jthread([this](std::stop_token stop) { impl_->tick_loop(stop); });
}

void RealtimeServer::stop() {
  auto& impl = *impl_;
  {
    std::lock_guard lock(impl.mutex);
    if (impl.stopping) return;
    impl.stopping = true;
  }
  for (const auto& client : impl.all_clients()) client->disconnect(1001, "server shutting down");
  // Let the close frames go out before the I/O threads stop.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  while (std::chrono::steady_clock::now() < deadline) {
    if (impl.counters.websocket_open == 0 && impl.all_clients().empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (impl.ticker.joinable()) {
    impl.ticker.request_stop();
    impl.ticker.join();
  }
  impl.pool->join();
  // What is still open goes with the I/O loops it lives on: nothing here may outlive them.
  impl.rooms.clear();
  std::lock_guard lock(impl.mutex);
  impl.sessions.clear();
  impl.clients.clear();
}

void RealtimeServer::release() {
  stop();
  auto& impl = *impl_;
  std::unique_ptr<asio::thread_pool> pool;
  {
    std::lock_guard lock(impl.pool_mutex);
    pool = std::move(impl.pool);
  }
  if (!pool) return;
  pool->stop();
  pool->join();
  pool.reset();  // destroys the tasks that never ran, and the sockets they held
  impl.rooms.clear();
  std::lock_guard lock(impl.mutex);
  impl.sessions.clear();
  impl.clients.clear();
}

const RoomAccess& RealtimeServer::room_access() const { return impl_->access; }

std::int64_t RealtimeServer::watching_now(const std::string& video_id) const { return impl_->relay.watching_now(video_id); }

bool RealtimeServer::serves(std::string_view path) const {
  return path == kWebSocketPath || path.starts_with(kSocketIoPath) || path == "/socket.io";
}

std::int64_t RealtimeServer::max_body_bytes() const { return static_cast<std::int64_t>(impl_->options.max_payload_bytes); }

void RealtimeServer::respond(Request request, std::function<void(Response)> reply) {
  auto& impl = *impl_;
  if (request.path == kWebSocketPath) {
    Response r = Response::error(ErrorCode::bad_request, "/api/ws speaks WebSocket: send an Upgrade request");
    r.status = 426;
    r.headers.set("Upgrade", "websocket");
    reply(std::move(r));
    return;
  }
  auto decorated = [&impl, request, reply = std::move(reply)](Response r) {
    impl.add_cors(request, r);
    r.headers.set("X-Content-Type-Options", "nosniff");
    r.headers.set("Cache-Control", "no-store");
    reply(std::move(r));
  };
  impl.respond_polling(request, std::move(decorated));
}

void RealtimeServer::upgrade(Request request, std::unique_ptr<http::UpgradedConnection> connection) {
  auto& impl = *impl_;
  auto executor = connection->socket.get_executor();
  if (request.path == kWebSocketPath) {
    asio::co_spawn(executor, impl.upgrade_websocket(std::move(request), std::move(connection)), asio::detached);
  } else {
    asio::co_spawn(executor, impl.upgrade_socketio(std::move(request), std::move(connection)), asio::detached);
  }
}

}  // namespace marquee::realtime
