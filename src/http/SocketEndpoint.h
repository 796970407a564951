#pragma once
// Paths whose requests leave the request/response cycle: WebSocket upgrades, and long-polls
// answered when there is something to say. The transport hands such requests to the
// endpoint before routing; everything else goes through the RequestPipeline.
#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

#include "http/Request.h"
#include "http/Response.h"

namespace marquee::http {

// A connection whose HTTP request asked to become a WebSocket: the socket and the parsed
// upgrade request. Defined in UpgradedConnection.h, which only the transport and the
// endpoint's WebSocket code include (it brings in Beast).
struct UpgradedConnection;

class SocketEndpoint {
 public:
  virtual ~SocketEndpoint() = default;

  virtual bool serves(std::string_view path) const = 0;
  // The largest request body the endpoint takes (413 beyond).
  virtual std::int64_t max_body_bytes() const = 0;
  // Answers a plain HTTP request, possibly much later (a long-poll). `reply` must be called
  // exactly once, from any thread; it must not block.
  virtual void respond(Request request, std::function<void(Response)> reply) = 0;
  // Takes over a connection whose request is a WebSocket upgrade (the request's bytes are
  // all read; nothing follows them yet). Called on the connection's I/O thread.
  virtual void upgrade(Request request, std::unique_ptr<UpgradedConnection> connection) = 0;
};

}  // namespace marquee::http
