#include "http/MessageFraming.h"

#include <algorithm>
#include <optional>
#include <vector>

namespace marquee::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// tchar (RFC 9110 §5.6.2).
bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// The codings of every Transfer-Encoding field, in order (list syntax, RFC 9110 §5.6.1);
// nullopt when an item is not a coding name (with or without parameters): such a list is
// read differently by different parsers, so it is refused whole.
std::optional<std::vector<std::string_view>> transfer_codings(const Headers& headers) {
  std::vector<std::string_view> codings;
  for (const auto& [name, value] : headers) {
    if (!iequals(name, "Transfer-Encoding")) continue;
    std::string_view rest = value;
    for (;;) {
      auto comma = rest.find(',');
      std::string_view item = trim(rest.substr(0, comma));
      if (!item.empty()) {  // empty list elements are allowed and mean nothing
        std::string_view coding = trim(item.substr(0, item.find(';')));
        if (!is_token(coding)) return std::nullopt;
        codings.push_back(coding);
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return codings;
}

// uri-host [ ":" port ] with a reg-name, IPv4 or bracketed IPv6 host (RFC 3986), no userinfo.
bool valid_host(std::string_view host) {
  if (host.size() > 255) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == ':' || c == '[' || c == ']' || c == '_' || c == '~' || c == '%';
  });
}

}  // namespace

std::optional<std::string> framing_problem(const Headers& headers, unsigned version) {
  std::size_t hosts = 0, lengths = 0;
  std::string_view host;
  for (const auto& [name, value] : headers) {
    if (iequals(name, "Host")) {
      ++hosts;
      host = value;
    } else if (iequals(name, "Content-Length")) {
      ++lengths;
    }
  }
  if (hosts > 1) return "a request may carry only one Host field";
  if (hosts == 0 && version >= 11) return "an HTTP/1.1 request needs a Host field";
  if (hosts == 1 && !valid_host(trim(host))) return "the Host field is not a valid host";
  if (lengths > 1) return "a request may carry only one Content-Length field";

  bool has_transfer_encoding =
      std::any_of(headers.begin(), headers.end(), [](const auto& f) { return iequals(f.first, "Transfer-Encoding"); });
  if (!has_transfer_encoding) return std::nullopt;
  if (version < 11) return "Transfer-Encoding is not allowed on HTTP/1.0";
  if (lengths > 0) return "a request may not carry both Transfer-Encoding and Content-Length";
  const auto parsed = transfer_codings(headers);
  if (!parsed) return "Transfer-Encoding is not a list of transfer codings";
  const auto& codings = *parsed;
  if (codings.empty() || !iequals(codings.back(), "chunked")) {
    return "the last transfer coding must be chunked";
  }
  if (std::count_if(codings.begin(), codings.end(), [](std::string_view c) { return iequals(c, "chunked"); }) > 1) {
    return "chunked may be applied only once";
  }
  // Only chunked itself is decoded: a compressed body would reach routes still encoded.
  if (codings.size() > 1) return "transfer codings other than chunked are not supported";
  return std::nullopt;
}

}  // namespace marquee::http
