#pragma once
// The status line and header block of a response, written straight into one string: what
// goes on the wire before the body. Beast's field container allocates a node per header and
// cost about a thousand instructions a field, more than the rest of a cached read; this is a
// few dozen. Field names and values come from routes, and some carry text a client chose (a
// file name, a redirect), so CR, LF and NUL in them become spaces: no answer can be split.
#include <cstdint>
#include <optional>
#include <string>

#include "http/Response.h"

namespace marquee::http {

// "HTTP/1.1 <status> <reason>", the response's headers but any Content-Length,
// Transfer-Encoding or Connection among them, its RateLimit fields, then
// `Content-Length: <content_length>` when given and `Connection: close` unless `keep_alive`,
// and the blank line. The body is not read.
std::string response_head(const Response& response, bool keep_alive, std::optional<std::uint64_t> content_length);

}  // namespace marquee::http
