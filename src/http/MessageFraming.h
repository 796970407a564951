#pragma once
// The framing checks RFC 9112 asks of a server before it reads a request's body, made on the
// parsed header fields so a request whose length two parties could read differently never
// reaches a route (request smuggling): Transfer-Encoding must end in `chunked` (and only
// once, and not on HTTP/1.0, and not beside Content-Length), at most one Content-Length,
// and exactly one valid Host on HTTP/1.1 (at most one on 1.0). The transport answers 400
// and closes the connection when one fails.
#include <optional>
#include <string>

#include "http/Headers.h"

namespace marquee::http {

// What is wrong with the request's framing, or nullopt when it is sound. `version` is
// 10 or 11.
std::optional<std::string> framing_problem(const Headers& headers, unsigned version);

}  // namespace marquee::http
