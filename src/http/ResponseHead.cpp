#include "http/ResponseHead.h"

#include <ostream>  // boost/beast/http/status.hpp uses it without including it

#include <boost/beast/http/status.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace marquee::http {
namespace {

void append_clean(std::string& out, std::string_view text) {
  const std::size_t from = out.size();
  out.append(text);
  // Rare: scanned with memchr (vectorised), replaced byte by byte only when found.
  const bool breaking = std::memchr(text.data(), '\r', text.size()) || std::memchr(text.data(), '\n', text.size()) ||
                        std::memchr(text.data(), '\0', text.size());
  if (!breaking) return;
  for (std::size_t i = from; i < out.size(); ++i) {
    if (out[i] == '\r' || out[i] == '\n' || out[i] == '\0') out[i] = ' ';
  }
}

bool framing_field(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") || iequals(name, "Connection");
}

void append_number(std::string& out, std::int64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

// The three fields composed on the stack and appended at once: every answer of a limited
// class carries them.
void append_rate_limit(std::string& out, const RateLimitFields& allowance) {
  char block[128];
  char* at = block;
  auto field = [&at](std::string_view name, std::int64_t value) {
    at = std::copy(name.begin(), name.end(), at);
    at = std::to_chars(at, at + 20, value).ptr;
    *at++ = '\r';
    *at++ = '\n';
  };
  field("RateLimit-Limit: ", allowance.limit);
  field("RateLimit-Remaining: ", allowance.remaining);
  field("RateLimit-Reset: ", allowance.reset_s);
  out.append(block, at);
}

}  // namespace

std::string response_head(const Response& response, bool keep_alive, std::optional<std::uint64_t> content_length) {
  const int status = response.status;
  const Headers& headers = response.headers;
  std::string head;
  std::size_t size = 160;
  for (const auto& [name, value] : headers) size += name.size() + value.size() + 4;
  head.reserve(size);
  head.append("HTTP/1.1 ");
  append_number(head, status);
  head.push_back(' ');
  if (status == 460) {
    head.append("Checksum Mismatch");  // tus's own status
  } else {
    const auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
    head.append(reason.data(), reason.size());
  }
  head.append("\r\n");
  for (const auto& [name, value] : headers) {
    if (framing_field(name)) continue;
    append_clean(head, name);
    head.append(": ");
    append_clean(head, value);
    head.append("\r\n");
  }
  if (const auto& allowance = response.rate_limit) append_rate_limit(head, *allowance);
  if (content_length) {
    head.append("Content-Length: ");
    append_number(head, static_cast<std::int64_t>(*content_length));
    head.append("\r\n");
  }
  if (!keep_alive) head.append("Connection: close\r\n");
  head.append("\r\n");
  return head;
}

}  // namespace marquee::http
