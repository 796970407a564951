#include "ops/MetricsAccess.h"

#include "core/Crypto.h"

namespace marquee::ops {

bool is_loopback_address(std::string_view address) {
  if (address.starts_with("::ffff:")) address.remove_prefix(7);
  return address == "::1" || address.starts_with("127.");
}

bool MetricsAccess::allows(const http::Request& request) const {
  if (!token_.empty()) {
    if (auto authorization = request.header("Authorization")) {
      constexpr std::string_view prefix = "Bearer ";
      if (authorization->size() > prefix.size() && http::iequals(authorization->substr(0, prefix.size()), prefix) &&
          crypto::constant_time_equal(authorization->substr(prefix.size()), token_)) {
        return true;
      }
    }
  }
  const bool proxied = request.header("X-Forwarded-For") || request.header("Forwarded") || request.header("X-Real-IP");
  return !proxied && is_loopback_address(request.remote_address);
}

}  // namespace marquee::ops
