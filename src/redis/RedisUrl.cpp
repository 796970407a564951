#include "redis/RedisUrl.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <cctype>
#include <charconv>
#include <limits>

#include "core/Error.h"

namespace marquee::redis {
namespace {

constexpr std::size_t kMaxUrlLength = 4'096;
constexpr std::size_t kMaxSocketPath = 107;  // sun_path holds 108 bytes with the NUL

[[noreturn]] void refuse(const std::string& why) {
  throw Error(ErrorCode::validation_failed, "redis.url: " + why, {{"field", "redis.url"}});
}

int parse_number(std::string_view text, int max, const char* what) {
  int value = -1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0 || value > max) {
    refuse(std::string(what) + " must be a number from 0 to " + std::to_string(max));
  }
  return value;
}

bool is_host_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string RedisUrl::describe() const {
  std::string out;
  if (transport == Transport::unix_socket) {
    out = "unix://" + socket_path;
  } else {
    const bool v6 = host.find(':') != std::string::npos;
    out = "redis://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
  }
  out += transport == Transport::unix_socket ? "?db=" + std::to_string(db) : "/" + std::to_string(db);
  return out;
}

RedisUrl parse_redis_url(std::string_view text) {
  if (text.empty()) refuse("is empty");
  if (text.size() > kMaxUrlLength) refuse("is longer than " + std::to_string(kMaxUrlLength) + " characters");
  const auto parsed = boost::urls::parse_uri(text);
  if (!parsed) refuse("is not a URL (expected redis://host:port/db or unix:///path/to/redis.sock)");
  const boost::urls::url_view& url = *parsed;

  RedisUrl out;
  std::string scheme(url.scheme());
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme == "rediss") refuse("TLS (rediss://) is not supported; reach Redis over a private network or a tunnel");
  if (scheme == "unix" || scheme == "redis+unix") {
    out.transport = RedisUrl::Transport::unix_socket;
  } else if (scheme != "redis") {
    refuse("scheme must be redis:// or unix://, got '" + scheme + "'");
  }
  if (!url.has_authority()) refuse("needs // after the scheme");
  if (url.has_fragment()) refuse("must not have a #fragment");
  if (url.has_userinfo()) {
    out.username = std::string(url.user());
    if (url.has_password()) out.password = std::string(url.password());
    if (!out.username.empty() && out.password.empty()) refuse("a user needs a password (redis://user:password@host)");
  }

  if (out.transport == RedisUrl::Transport::unix_socket) {
    if (!url.encoded_host().empty() || url.has_port()) refuse("a unix socket URL has no host: unix:///path/to/redis.sock");
    out.socket_path = std::string(url.path());
    if (out.socket_path.size() < 2 || out.socket_path.front() != '/') refuse("needs an absolute socket path");
    if (out.socket_path.size() > kMaxSocketPath) refuse("socket path is too long");
    if (out.socket_path.find('\0') != std::string::npos) refuse("socket path contains a NUL byte");
    for (const auto& param : url.params()) {
      if (param.key != "db" || !param.has_value) refuse("unknown query parameter '" + std::string(param.key) + "'");
      out.db = parse_number(param.value, std::numeric_limits<int>::max(), "db");
    }
    return out;
  }

  switch (url.host_type()) {
    case boost::urls::host_type::ipv4:
      out.host = url.host_ipv4_address().to_string();
      break;
    case boost::urls::host_type::ipv6:
      out.host = url.host_ipv6_address().to_string();
      break;
    case boost::urls::host_type::name:
      out.host = std::string(url.host_name());
      if (!is_host_name(out.host)) refuse("host must be a host name or an IP address");
      break;
    default:
      refuse("host must be a host name or an IP address");
  }
  if (out.host.empty()) refuse("needs a host: redis://host:port");
  if (url.has_port()) {
    out.port = parse_number(url.port(), 65'535, "port");
    if (out.port == 0) refuse("port must be a number from 1 to 65535");
  }
  if (url.has_query()) refuse("takes no query; the database goes in the path: redis://host:port/2");
  const std::string path(url.path());
  if (!path.empty() && path != "/") {
    out.db = parse_number(std::string_view(path).substr(1), std::numeric_limits<int>::max(), "database (the path)");
  }
  return out;
}

}  // namespace marquee::redis
