#pragma once
// Rate limits on every route, by class (RouteClasses.h) and by who calls: a signed-in
// account by its id, anyone else by address (an IPv6 address by its /64; behind a proxy, the
// address http.trusted_proxies lets through: http/ClientAddress.h). Each class has its own
// GCRA rate (limits.* settings, "25/5m"); every answer of a limited class carries
// RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset, and a refusal is 429
// `rate_limited` with Retry-After. Moderators and admins are exempt when limits.exempt_staff
// says so. With the Redis limiter every node counts against the same allowance; since that
// needs a round trip, an I/O thread's fast path then hands the request to the blocking pool.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

#include "core/RateSpec.h"
#include "http/RequestGate.h"
#include "http/Router.h"
#include "limits/RateLimiter.h"
#include "limits/RouteClasses.h"

namespace marquee::limits {

struct RequestLimitsOptions {
  // By RouteClass; an `off` rate (the default) never limits.
  std::array<RateSpec, kRouteClassCount> rates{};
  bool exempt_staff = true;

  RateSpec& rate(RouteClass route_class) { return rates[static_cast<std::size_t>(route_class)]; }
  const RateSpec& rate(RouteClass route_class) const { return rates[static_cast<std::size_t>(route_class)]; }
};

// Who a request's credentials say is calling, as far as limits care.
struct CallerKey {
  enum class Kind { anonymous, user, unknown };  // unknown: not decidable from memory
  Kind kind = Kind::anonymous;
  std::string user_id;
  bool staff = false;  // a moderator or an admin
};
using IdentifyCaller = std::function<CallerKey(const http::Request& request, bool memory_only)>;

class RequestLimits final : public http::RequestGate {
 public:
  RequestLimits(RateLimiter& limiter, RequestLimitsOptions options, IdentifyCaller identify);

  http::GateDecision admit(const http::Request& request, const http::Route& route, bool memory_only) const override;
  // Classifies every route once, after they are all registered: a request then looks its
  // class up by route instead of matching patterns.
  void prepare(const http::Router& router);

 private:
  RouteClass class_of(const http::Request& request, const http::Route& route) const;
  // "rl:<class>:ip:" or "rl:<class>:u:", made once.
  std::string_view key_prefix(RouteClass route_class, bool by_account) const;

  RateLimiter& limiter_;
  RequestLimitsOptions options_;
  IdentifyCaller identify_;
  // By route and method (HEAD answers through GET routes), filled by prepare().
  std::unordered_map<const http::Route*, RouteClass> classes_;
  std::array<std::array<std::string, 2>, kRouteClassCount> key_prefixes_;
  // By RouteClass, for the classes that are on: the rates as the limiter takes them.
  std::array<GcraParams, kRouteClassCount> params_{};
  // By RouteClass: its count in decimal, for RateLimit-Limit on every answer.
  std::array<std::string, kRouteClassCount> limit_digits_;
};

}  // namespace marquee::limits
