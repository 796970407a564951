#include "http/HttpServer.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <limits>
#include <mutex>
#include <set>
#include <thread>

#include "http/MessageFraming.h"
#include "http/ResponseHead.h"
#include "http/StreamedBody.h"
#include "http/UpgradedConnection.h"

namespace marquee::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using namespace asio::experimental::awaitable_operators;

std::pair<std::string, std::uint16_t> parse_listen_address(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 >= listen.size()) {
    throw Error(ErrorCode::validation_failed, "listen must be HOST:PORT, got '" + listen + "'");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  int port = 0;
  try {
    std::size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1) throw std::invalid_argument("trailing");
  } catch (const std::exception&) {
    throw Error(ErrorCode::validation_failed, "listen port must be a number, got '" + listen + "'");
  }
  if (port < 0 || port > 65535) throw Error(ErrorCode::validation_failed, "listen port out of range");
  return {host, static_cast<std::uint16_t>(port)};
}

namespace {

struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  std::atomic<bool> busy{false};
};

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions opts, const RequestPipeline& p)
      : options(std::move(opts)),
        pipeline(p),
        blocking(static_cast<std::size_t>(std::max(1, options.blocking_threads))),
        acceptor(ioc) {
    int n = options.io_threads > 0 ? options.io_threads
                                   : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    for (int i = 0; i < n; ++i) connection_contexts.push_back(std::make_unique<asio::io_context>(1));
  }

  HttpServerOptions options;
  const RequestPipeline& pipeline;
  // The acceptor has its own loop; each connection lives on one of the connection loops,
  // one thread each, so a connection's work never crosses threads or needs a strand. The
  // acceptor's loop is destroyed first: a pending accept holds a socket of a connection loop.
  std::vector<std::unique_ptr<asio::io_context>> connection_contexts;
  asio::io_context ioc;
  std::size_t next_context = 0;  // used by the accept loop only
  asio::thread_pool blocking;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  std::atomic<bool> stopped{false};
  std::atomic<std::size_t> in_flight{0};
  mutable std::mutex connections_mutex;
  std::set<std::shared_ptr<Connection>> connections;

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> serve(std::shared_ptr<Connection> conn);
  asio::awaitable<bool> write_response(beast::tcp_stream& stream, const Request& request, Response& response,
                                       bool keep_alive, std::uint64_t& bytes_sent);
  asio::awaitable<void> write_simple_error(beast::tcp_stream& stream, ErrorCode code, const std::string& message);
  // A request for the socket endpoint's paths: an upgrade hands the connection over; anything
  // else is answered when the endpoint replies.
  enum class After { next_request, close, handed_over };
  asio::awaitable<After> serve_socket_request(std::shared_ptr<Connection> conn, beast::flat_buffer& buffer,
                                             bhttp::request_parser<bhttp::empty_body>& header_parser,
                                             Request& request, std::chrono::steady_clock::time_point started);
  // Writes all of `bytes` to the (non-blocking) socket with send(2) `flags`, waiting for room.
  asio::awaitable<bool> send_all(tcp::socket& socket, std::string_view bytes, int flags);
  // Waits until the socket takes more bytes. Raw socket waits are outside tcp_stream's
  // timeouts, so a reader that stops reading is cut off here after the idle timeout.
  asio::awaitable<bool> wait_writable(tcp::socket& socket);
};

asio::awaitable<void> HttpServer::Impl::accept_loop() {
  for (;;) {
    auto& context = *connection_contexts[next_context++ % connection_contexts.size()];
    auto [ec, socket] = co_await acceptor.async_accept(context, tuple_awaitable);
    if (ec) {
      if (stopping || ec == asio::error::operation_aborted) co_return;
      spdlog::warn("accept failed: {}", ec.message());
      continue;
    }
    auto conn = std::make_shared<Connection>(std::move(socket));
    {
      std::lock_guard lock(connections_mutex);
      connections.insert(conn);
    }
    asio::co_spawn(conn->stream.get_executor(), serve(conn), asio::detached);
  }
}

asio::awaitable<void> HttpServer::Impl::write_simple_error(beast::tcp_stream& stream, ErrorCode code,
                                                          const std::string& message) {
  Response r = Response::error(code, message);
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), 11};
  for (const auto& [k, v] : r.headers) res.insert(k, v);
  res.keep_alive(false);
  res.body() = std::move(r.body);
  res.prepare_payload();
  stream.expires_after(options.read_timeout);
  co_await bhttp::async_write(stream, res, tuple_awaitable);
}

asio::awaitable<bool> HttpServer::Impl::write_response(beast::tcp_stream& stream, const Request& request,
                                                      Response& response, bool keep_alive, std::uint64_t& bytes_sent) {
  bool head = request.method == Method::HEAD;
  bool no_body = head || response.status == 204 || response.status == 304;
  stream.expires_after(options.idle_timeout);

  if (!response.file) {
    const std::uint64_t size = response.body.size();
    const bool has_length = response.status != 204 && response.status != 304;
    const std::string head =
        response_head(response, keep_alive, has_length ? std::optional<std::uint64_t>(size) : std::nullopt);
    if (no_body) {
      auto [ec, n] = co_await asio::async_write(stream, asio::buffer(head), tuple_awaitable);
      bytes_sent = 0;
      co_return !ec;
    }
    // One gathered write: the head and the body leave in the same segments.
    const std::array<asio::const_buffer, 2> parts{asio::buffer(head), asio::buffer(response.body)};
    auto [ec, n] = co_await asio::async_write(stream, parts, tuple_awaitable);
    bytes_sent = ec ? 0 : size;
    co_return !ec;
  }

  // File body: the header, then the byte range straight from the page cache. The header
  // goes out with MSG_MORE so the kernel holds it back and sends it in one segment with
  // the first body bytes (what nginx's tcp_nopush does) instead of a small packet of its
  // own; each sendfile(2) asks for the whole remaining range and the kernel takes what the
  // socket has room for.
  const FileRange& range = *response.file;
  int fd = ::open(range.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    Response missing = Response::error(ErrorCode::not_found, "file is gone");
    response = std::move(missing);
    response.file.reset();
    co_return co_await write_response(stream, request, response, keep_alive, bytes_sent);
  }
  const std::string header_bytes = response_head(response, keep_alive, range.length);
  auto& socket = stream.socket();
  socket.native_non_blocking(true);
  bool more = !head && range.length > 0;
  bool ok = co_await send_all(socket, header_bytes, more ? MSG_MORE : 0);
  off_t offset = static_cast<off_t>(range.offset);
  std::uint64_t remaining = head ? 0 : range.length;
  while (ok && remaining > 0) {
    ssize_t n = ::sendfile(socket.native_handle(), fd, &offset, std::min<std::uint64_t>(remaining, 1u << 30));
    if (n > 0) {
      remaining -= static_cast<std::uint64_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      ok = co_await wait_writable(socket);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    ok = false;  // the file shrank or the peer went away
  }
  ::close(fd);
  bytes_sent = head ? 0 : range.length - remaining;
  co_return ok;
}

asio::awaitable<HttpServer::Impl::After> HttpServer::Impl::serve_socket_request(std::shared_ptr<Connection> conn,
                                                             beast::flat_buffer& buffer,
                                                             bhttp::request_parser<bhttp::empty_body>& header_parser,
                                                             Request& request,
                                                             std::chrono::steady_clock::time_point started) {
  auto& stream = conn->stream;
  if (beast::websocket::is_upgrade(header_parser.get())) {
    if (buffer.size() > 0) {
      // Frames may only follow the server's 101; bytes sent before it are not a handshake.
      co_await write_simple_error(stream, ErrorCode::bad_request, "data sent before the WebSocket handshake completed");
      co_return After::close;
    }
    stream.expires_never();
    auto upgraded = std::unique_ptr<UpgradedConnection>(
        new UpgradedConnection{stream.release_socket(), header_parser.release()});
    {
      std::lock_guard lock(connections_mutex);
      connections.erase(conn);
    }
    options.sockets->upgrade(std::move(request), std::move(upgraded));
    co_return After::handed_over;
  }
  bhttp::request_parser<bhttp::string_body> parser{std::move(header_parser)};
  parser.body_limit(static_cast<std::uint64_t>(options.sockets->max_body_bytes()));
  if (!parser.is_done()) {
    stream.expires_after(options.read_timeout);
    auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser, tuple_awaitable);
    if (bec) {
      if (bec == bhttp::error::body_limit) {
        co_await write_simple_error(stream, ErrorCode::payload_too_large, "message too large");
      }
      co_return After::close;
    }
  }
  bool keep_alive = parser.get().keep_alive();
  request.body = std::move(parser.get().body());
  ++in_flight;
  // The endpoint may answer much later (a long-poll) and from another thread: the reply is
  // posted back to this connection's thread.
  Response response = co_await asio::async_initiate<const asio::use_awaitable_t<>&, void(Response)>(
      [this, &request](auto handler) {
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        auto executor = asio::get_associated_executor(*shared);
        options.sockets->respond(request, [shared, executor](Response r) {
          asio::post(executor, [shared, r = std::move(r)]() mutable { (*shared)(std::move(r)); });
        });
      },
      asio::use_awaitable);
  keep_alive = keep_alive && !stopping;
  std::uint64_t bytes_sent = 0;
  bool written = co_await write_response(stream, request, response, keep_alive, bytes_sent);
  pipeline.record(request, response, bytes_sent, std::chrono::steady_clock::now() - started);
  --in_flight;
  co_return written && keep_alive ? After::next_request : After::close;
}

asio::awaitable<bool> HttpServer::Impl::send_all(tcp::socket& socket, std::string_view bytes, int flags) {
  while (!bytes.empty()) {
    ssize_t n = ::send(socket.native_handle(), bytes.data(), bytes.size(), flags | MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!co_await wait_writable(socket)) co_return false;
    } else if (!(n < 0 && errno == EINTR)) {
      co_return false;
    }
  }
  co_return true;
}

asio::awaitable<bool> HttpServer::Impl::wait_writable(tcp::socket& socket) {
  asio::steady_timer timer(socket.get_executor(), options.idle_timeout);
  auto woke = co_await (socket.async_wait(tcp::socket::wait_write, tuple_awaitable) || timer.async_wait(tuple_awaitable));
  co_return woke.index() == 0 && !std::get<0>(std::get<0>(woke));
}

asio::awaitable<void> HttpServer::Impl::serve(std::shared_ptr<Connection> conn) {
  auto& stream = conn->stream;
  beast::flat_buffer buffer;
  std::string remote;
  {
    boost::system::error_code ec;
    auto ep = stream.socket().remote_endpoint(ec);
    if (!ec) remote = ep.address().to_string();
  }

  while (!stopping) {
    // Wait for the first byte of the next request with the idle timeout; the rest of the
    // header must then arrive within the header timeout.
    if (buffer.size() == 0) {
      stream.expires_after(options.idle_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(8192), tuple_awaitable);
      if (ec) break;
      buffer.commit(n);
    }
    conn->busy = true;
    auto started = std::chrono::steady_clock::now();
    bhttp::request_parser<bhttp::empty_body> header_parser;
    header_parser.header_limit(16 * 1024);
    header_parser.body_limit(std::numeric_limits<std::uint64_t>::max());  // the route's limit applies below
    stream.expires_after(options.header_timeout);
    auto [hec, hn] = co_await bhttp::async_read_header(stream, buffer, header_parser, tuple_awaitable);
    if (hec) {
      if (hec == bhttp::error::header_limit) {
        co_await write_simple_error(stream, ErrorCode::bad_request, "request header too large");
      } else if (hec != beast::error::timeout && hec != asio::error::eof && hec != asio::error::connection_reset &&
                 hec != asio::error::operation_aborted) {
        spdlog::info("refused request from {}: malformed HTTP request: {}", remote, hec.message());
        co_await write_simple_error(stream, ErrorCode::bad_request, "malformed HTTP request: " + hec.message());
      }
      break;
    }

    Request request;
    const auto& header = header_parser.get();
    request.target = std::string(header.target());
    auto method = parse_method(header.method_string());
    if (!request.parse_target()) {
      co_await write_simple_error(stream, ErrorCode::bad_request, "malformed request target");
      break;
    }
    if (!method) {
      co_await write_simple_error(stream, ErrorCode::method_not_allowed, "unsupported method");
      break;
    }
    request.method = *method;
    for (const auto& field : header) request.headers.add(std::string(field.name_string()), std::string(field.value()));
    request.remote_address =
        options.trusted_proxies ? options.trusted_proxies->client_address(remote, request.headers) : remote;
    auto problem = framing_problem(request.headers, header.version());
    // Our reading and Beast's must agree: a Transfer-Encoding that Beast does not take for
    // chunked leaves it reading no body at all.
    if (!problem && request.headers.has("Transfer-Encoding") && !header_parser.chunked()) {
      problem = "the transfer coding could not be read as chunked";
    }
    if (problem) {
      // Where this request ends is in doubt, so nothing after it on the connection is trusted.
      spdlog::info("refused request from {}: {}", remote, *problem);
      co_await write_simple_error(stream, ErrorCode::bad_request, *problem);
      break;
    }
    if (options.sockets && options.sockets->serves(request.path)) {
      auto after = co_await serve_socket_request(conn, buffer, header_parser, request, started);
      conn->busy = false;
      if (after == After::handed_over) co_return;  // the endpoint owns the socket now
      if (after == After::close) break;
      continue;
    }
    bool keep_alive = header.keep_alive();
    bool expects_continue = beast::iequals(header[bhttp::field::expect], "100-continue");

    auto policy = pipeline.body_policy(request.method, request.path);
    auto declared = header_parser.content_length();
    if (declared && *declared > static_cast<std::uint64_t>(policy.max_bytes)) {
      co_await write_simple_error(stream, ErrorCode::payload_too_large,
                                  "request body exceeds " + std::to_string(policy.max_bytes) + " bytes");
      break;
    }

    ++in_flight;
    Response response;
    bool body_consumed = true;
    if (policy.streaming) {
      auto start = co_await asio::co_spawn(
          blocking, [this, &request, &policy]() -> asio::awaitable<RequestPipeline::StreamStart> {
            co_return pipeline.open_stream(request, policy.match);
          },
          asio::use_awaitable);
      if (!start.sink) {
        response = std::move(start.response);
        body_consumed = header_parser.is_done();
      } else {
        bool complete = co_await receive_streamed_body(stream, buffer, header_parser, *start.sink, blocking,
                                                       {policy.max_bytes, options.read_timeout, expects_continue});
        body_consumed = complete;
        auto& sink = *start.sink;
        response = co_await asio::co_spawn(
            blocking, [this, &request, &sink, complete]() -> asio::awaitable<Response> {
              co_return pipeline.finish_stream(request, sink, complete);
            },
            asio::use_awaitable);
      }
    } else {
      bhttp::request_parser<bhttp::string_body> parser{std::move(header_parser)};
      parser.body_limit(static_cast<std::uint64_t>(policy.max_bytes));
      bool read_ok = true;
      if (!parser.is_done()) {
        if (expects_continue) {
          bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
          stream.expires_after(options.read_timeout);
          auto [cec, cn] = co_await bhttp::async_write(stream, cont, tuple_awaitable);
          read_ok = !cec;
        }
        if (read_ok) {
          stream.expires_after(options.read_timeout);
          auto [bec, bn] = co_await bhttp::async_read(stream, buffer, parser, tuple_awaitable);
          if (bec == bhttp::error::body_limit) {
            co_await write_simple_error(stream, ErrorCode::payload_too_large,
                                        "request body exceeds " + std::to_string(policy.max_bytes) + " bytes");
          }
          read_ok = !bec;
        }
      }
      if (!read_ok) {
        --in_flight;
        break;
      }
      request.body = std::move(parser.get().body());
      std::optional<Response> fast;
      if (policy.has_fast_path) fast = pipeline.try_fast(request, policy.match);
      if (fast) {
        response = std::move(*fast);
      } else {
        response = co_await asio::co_spawn(
            blocking, [this, &request, &policy]() -> asio::awaitable<Response> {
              co_return pipeline.handle(request, policy.match);
            },
            asio::use_awaitable);
      }
    }
    keep_alive = keep_alive && body_consumed && !stopping;
    std::uint64_t bytes_sent = 0;
    bool written = co_await write_response(stream, request, response, keep_alive, bytes_sent);
    pipeline.record(request, response, bytes_sent, std::chrono::steady_clock::now() - started);
    --in_flight;
    conn->busy = false;
    if (!written || !keep_alive) break;
  }

  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.close();
  std::lock_guard lock(connections_mutex);
  connections.erase(conn);
}

HttpServer::HttpServer(HttpServerOptions options, const RequestPipeline& pipeline)
    : impl_(std::make_unique<Impl>(std::move(options), pipeline)) {}

HttpServer::~HttpServer() { stop(std::chrono::milliseconds(0)); }

std::uint16_t HttpServer::start() {
  auto& impl = *impl_;
  boost::system::error_code ec;
  auto address = asio::ip::make_address(impl.options.host, ec);
  if (ec) throw Error(ErrorCode::validation_failed, "listen host must be an IP address: " + impl.options.host);
  tcp::endpoint endpoint(address, impl.options.port);
  impl.acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl.acceptor.bind(endpoint, ec);
  if (!ec) impl.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw Error(ErrorCode::unavailable,
                "cannot listen on " + impl.options.host + ":" + std::to_string(impl.options.port) + ": " + ec.message());
  }
  std::uint16_t port = impl.acceptor.local_endpoint().port();
  asio::co_spawn(impl.ioc, impl.accept_loop(), asio::detached);
  impl.threads.emplace_back([&impl] { impl.ioc.run(); });
  for (auto& context : impl.connection_contexts) {
    impl.threads.emplace_back([&context] {
      auto guard = asio::make_work_guard(*context);  // idle until the first connection arrives
      context->run();
    });
  }
  return port;
}

void HttpServer::stop(std::chrono::milliseconds grace) {
  auto& impl = *impl_;
  if (impl.stopped.exchange(true)) return;
  impl.stopping = true;
  asio::post(impl.ioc, [&impl] {
    boost::system::error_code ignored;
    impl.acceptor.close(ignored);
  });
  auto close_connections = [&impl](bool only_idle) {
    std::lock_guard lock(impl.connections_mutex);
    for (const auto& conn : impl.connections) {
      if (only_idle && conn->busy) continue;
      asio::post(conn->stream.get_executor(), [conn] { conn->stream.cancel(); });
    }
  };
  close_connections(true);
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (impl.in_flight > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    close_connections(true);
  }
  close_connections(false);
  // Give cancelled sessions a moment to unwind before the loop stops.
  auto unwind = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
  while (open_connections() > 0 && std::chrono::steady_clock::now() < unwind) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  impl.ioc.stop();
  for (auto& context : impl.connection_contexts) context->stop();
  for (auto& t : impl.threads) {
    if (t.joinable()) t.join();
  }
  impl.blocking.join();
}

std::size_t HttpServer::in_flight() const { return impl_->in_flight; }

std::size_t HttpServer::open_connections() const {
  std::lock_guard lock(impl_->connections_mutex);
  return impl_->connections.size();
}

}  // namespace marquee::http
