#pragma once
// The HTTP/1.1 transport: accepts connections, parses requests with Beast, runs the
// RequestPipeline on the blocking pool (so database calls never stall the I/O threads) and
// writes responses, file bodies with sendfile(2). Timeouts bound every phase, so a slow
// client holds a socket but never a thread. Beast and Asio stay inside HttpServer.cpp.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "http/ClientAddress.h"
#include "http/RequestPipeline.h"
#include "http/SocketEndpoint.h"

namespace marquee::http {

struct HttpServerOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 8080;  // 0 picks a free port
  int io_threads = 0;         // 0: one per core
  int blocking_threads = 16;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds read_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  // Requests for its paths (WebSocket upgrades, long-polls) go to it instead of the pipeline.
  SocketEndpoint* sockets = nullptr;
  // Whose X-Forwarded-For names the client (Request::remote_address); null: nobody's.
  const TrustedProxies* trusted_proxies = nullptr;
};

// Splits "HOST:PORT" (or "[v6]:PORT"); throws Error(validation_failed) on junk.
std::pair<std::string, std::uint16_t> parse_listen_address(const std::string& listen);

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, const RequestPipeline& pipeline);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, starts the I/O and blocking threads and returns the bound port.
  // Throws Error(unavailable) when the address cannot be bound.
  std::uint16_t start();

  // Graceful stop: stop accepting, close idle connections, let in-flight requests finish
  // for up to `grace`, then close everything and join the threads. Idempotent.
  void stop(std::chrono::milliseconds grace);

  std::size_t in_flight() const;
  std::size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace marquee::http
