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

// Writes `value` in decimal so that it ends just before `end`; returns where it starts.
// Two digits a step from a table, with no length computed first (std::to_chars's is a loop
// of its own): the fields below are written back to front.
char* decimal_before(char* end, std::uint64_t value) {
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  while (value >= 100) {
    end -= 2;
    std::memcpy(end, kPairs + (value % 100) * 2, 2);
    value /= 100;
  }
  if (value >= 10) {
    end -= 2;
    std::memcpy(end, kPairs + value * 2, 2);
  } else {
    *--end = static_cast<char>('0' + value);
  }
  return end;
}

template <std::size_t N>
char* text_before(char* end, const char (&text)[N]) {
  end -= N - 1;
  std::memcpy(end, text, N - 1);  // a constant size: a few moves, no call
  return end;
}

// The three fields, composed back to front on the stack and appended at once: every answer
// of a limited class carries them. Negative numbers never occur; they are written as 0.
void append_rate_limit(std::string& out, const RateLimitFields& allowance) {
  char block[128];
  char* at = block + sizeof block;
  const auto number = [](std::int64_t value) { return static_cast<std::uint64_t>(std::max<std::int64_t>(0, value)); };
  at = text_before(at, "\r\n");
  at = decimal_before(at, number(allowance.reset_s));
  at = text_before(at, "\r\nRateLimit-Reset: ");
  at = decimal_before(at, number(allowance.remaining));
  at = text_before(at, "\r\nRateLimit-Remaining: ");
  if (const std::string_view digits = allowance.limit_digits; !digits.empty() && digits.size() <= 20) {
    at -= digits.size();
    std::memcpy(at, digits.data(), digits.size());
  } else {
    at = decimal_before(at, number(allowance.limit));
  }
  at = text_before(at, "RateLimit-Limit: ");
  out.append(at, block + sizeof block);
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
