#include "accounts/FirstRunRoutes.h"

#include <spdlog/spdlog.h>

#include "core/Crypto.h"
#include "core/Json.h"
#include "http/ClientAddress.h"

namespace marquee::accounts {
namespace {

using http::Request;
using http::Response;

bool loopback_address(std::string_view address) {
  auto ip = http::parse_ip(address);
  if (!ip) return false;
  static const http::IpBytes kV6Loopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  if (*ip == kV6Loopback) return true;
  // IPv4-mapped 127.0.0.0/8
  for (int i = 0; i < 10; ++i) {
    if ((*ip)[i] != 0) return false;
  }
  return (*ip)[10] == 0xff && (*ip)[11] == 0xff && (*ip)[12] == 127;
}

// "localhost", "127.0.0.1", "[::1]", each with an optional port.
bool loopback_host(std::string_view host) {
  if (host.starts_with("[::1]")) return host.size() == 5 || host[5] == ':';
  auto colon = host.rfind(':');
  std::string_view name = colon == std::string_view::npos ? host : host.substr(0, colon);
  return name == "localhost" || name.starts_with("127.");
}

std::string normalized_code(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

}  // namespace

bool is_local_request(const Request& request) {
  if (!loopback_address(request.remote_address)) return false;
  for (const char* header : {"X-Forwarded-For", "Forwarded", "X-Real-IP", "X-Forwarded-Host"}) {
    if (request.header(header)) return false;
  }
  auto host = request.header("Host");
  if (!host || !loopback_host(*host)) return false;
  if (auto origin = request.header("Origin")) {
    std::string_view o = *origin;
    auto scheme = o.find("://");
    if (scheme == std::string_view::npos || !loopback_host(o.substr(scheme + 3))) return false;
  }
  return true;
}

std::string setup_code_of(const std::string& secret) {
  static constexpr char kAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";  // no 0/O, 1/I/L
  const std::string mac = crypto::hmac_sha256(secret, "marquee first-run setup code");
  std::string code;
  for (int i = 0; i < 10; ++i) code += kAlphabet[static_cast<unsigned char>(mac[i]) % (sizeof(kAlphabet) - 1)];
  return code;
}

void announce_first_run(AccountService& accounts, const FirstRunOptions& options, const std::string& site_url) {
  if (accounts.admin_exists()) return;
  const std::string& c = options.setup_code;
  spdlog::warn("No admin account yet: open {} in a browser on this machine to create one, "
               "or from elsewhere with the setup code {}-{}",
               site_url, c.substr(0, 5), c.substr(5));
}

void register_first_run_routes(http::Router& router, AccountService& accounts, FirstRunOptions options) {
  router.add(
      http::Method::GET, "/api/setup",
      [&accounts](Request& req) {
        const bool needed = !accounts.admin_exists();
        return Response::json(200, boost::json::object{{"admin_needed", needed},
                                                       {"code_required", needed && !is_local_request(req)}});
      },
      {"Whether the site still needs its first admin, and whether this visitor must type the setup code",
       "accounts", http::Access::public_, "", "SetupState"});

  router.add(
      http::Method::POST, "/api/setup/admin",
      [&accounts, options](Request& req) {
        json::BodyReader body(req.body);
        NewAccount request;
        request.email = body.required_string("email");
        request.username = body.required_string("username");
        request.password = body.required_string("password");
        const std::string code = normalized_code(body.optional_string("code").value_or(""));
        if (accounts.admin_exists()) throw Error(ErrorCode::conflict, "this site has an admin already: sign in");
        if (!is_local_request(req) && !crypto::constant_time_equal(code, options.setup_code)) {
          throw Error(ErrorCode::forbidden,
                      "from another machine, the first admin needs the setup code the server printed in its log",
                      {{"field", "code"}});
        }
        return session_response(201, accounts.create_first_admin(request, device_of(req)), options.cookies,
                                wall_clock_ms());
      },
      {"Create the first admin and sign it in (only while none exists; from this machine or with the setup code)",
       "accounts", http::Access::public_, "FirstAdmin", "Session", 201});
}

}  // namespace marquee::accounts
