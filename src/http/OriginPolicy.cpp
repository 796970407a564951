#include "http/OriginPolicy.h"

#include <algorithm>

namespace marquee::http {
namespace {

// The host[:port] of a serialized origin ("https://a.example:8443" → "a.example:8443"), or
// "" when it is not one ("null", junk).
std::string_view authority_of(std::string_view origin) {
  auto scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return {};
  std::string_view authority = origin.substr(scheme_end + 3);
  if (authority.empty() || authority.find_first_of("/?#@ ") != std::string_view::npos) return {};
  return authority;
}

// "example.com:80" and "example.com" name the same place when the scheme's default port is
// implied; a proxy may add or drop it.
std::string_view without_default_port(std::string_view authority, std::string_view origin) {
  if (origin.starts_with("http://") && authority.ends_with(":80")) authority.remove_suffix(3);
  if (origin.starts_with("https://") && authority.ends_with(":443")) authority.remove_suffix(4);
  return authority;
}

}  // namespace

bool is_safe_method(Method method) {
  return method == Method::GET || method == Method::HEAD || method == Method::OPTIONS;
}

OriginPolicy::OriginPolicy(std::vector<std::string> cors_origins, std::string_view public_url, bool https_only)
    : https_only_(https_only) {
  if (auto scheme_end = public_url.find("://"); scheme_end != std::string_view::npos) {
    // Its origin: scheme://host[:port], without the path.
    cors_origins.emplace_back(public_url.substr(0, public_url.find('/', scheme_end + 3)));
  }
  for (auto& origin : cors_origins) {
    if (origin == "*") {
      any_ = true;
    } else if (!origin.empty()) {
      while (origin.ends_with('/')) origin.pop_back();
      listed_.push_back(std::move(origin));
    }
  }
}

bool OriginPolicy::listed(std::string_view origin) const {
  return std::find(listed_.begin(), listed_.end(), origin) != listed_.end();
}

bool OriginPolicy::cookie_may_authorize(const Request& request) const {
  if (is_safe_method(request.method)) return true;
  if (auto origin = request.header("Origin")) {
    if (listed(*origin)) return true;
    std::string_view authority = authority_of(*origin);
    auto host = request.header("Host");
    if (authority.empty() || !host) return false;
    if (https_only_ && !origin->starts_with("https://")) return false;
    std::string_view host_authority = *host;
    return iequals(without_default_port(authority, *origin), without_default_port(host_authority, *origin));
  }
  if (auto site = request.header("Sec-Fetch-Site")) return *site == "same-origin" || *site == "none";
  return true;
}

}  // namespace marquee::http
