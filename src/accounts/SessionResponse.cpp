#include "accounts/SessionResponse.h"

#include "accounts/AccountJson.h"
#include "accounts/RequestAuth.h"
#include "core/Text.h"

namespace marquee::accounts {

using http::Request;
using http::Response;

std::string cookie_header(const char* name, const std::string& value, const char* path, long long max_age, bool secure) {
  std::string c = std::string(name) + "=" + value + "; Path=" + path + "; Max-Age=" + std::to_string(max_age) +
                  "; HttpOnly; SameSite=Lax";
  if (secure) c += "; Secure";
  return c;
}

Response session_response(int status, const Session& s, const CookieOptions& options, Millis now) {
  boost::json::object body{{"user", private_account_json(s.account)},
                           {"access_token", s.access_token},
                           {"token_type", "Bearer"},
                           {"expires_in", options.access_ttl_seconds},
                           {"refresh_token", s.refresh_token}};
  Response r = Response::json(status, body);
  r.headers.add("Set-Cookie", cookie_header(kAccessCookie, s.access_token, "/", options.access_ttl_seconds, options.secure));
  r.headers.add("Set-Cookie",
                cookie_header(kRefreshCookie, s.refresh_token, "/api/auth", (s.refresh_expires_at - now) / 1000, options.secure));
  return r;
}

Response signed_out(const CookieOptions& options) {
  Response r = Response::no_content();
  r.headers.add("Set-Cookie", cookie_header(kAccessCookie, "", "/", 0, options.secure));
  r.headers.add("Set-Cookie", cookie_header(kRefreshCookie, "", "/api/auth", 0, options.secure));
  return r;
}

Device device_of(const Request& req) {
  Device device;
  if (auto agent = req.header("User-Agent")) {
    for (char c : agent->substr(0, 256)) device.user_agent += (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) ? ' ' : c;
    if (!text::is_valid_utf8(device.user_agent)) device.user_agent = "(not UTF-8)";
  }
  device.ip_address = req.remote_address;
  return device;
}

}  // namespace marquee::accounts
