#include "limits/RequestLimits.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "http/ClientAddress.h"
#include "http/Router.h"

namespace marquee::limits {
namespace {

std::int64_t ceil_seconds(std::int64_t ms) { return (ms + 999) / 1000; }

}  // namespace

RequestLimits::RequestLimits(RateLimiter& limiter, RequestLimitsOptions options, IdentifyCaller identify)
    : limiter_(limiter), options_(options), identify_(std::move(identify)) {}

void RequestLimits::prepare(const http::Router& router) {
  for (const auto& route : router.routes()) classes_[&route] = classify_route(route.method, route.pattern);
}

RouteClass RequestLimits::class_of(const http::Request& request, const http::Route& route) const {
  // A HEAD served by a GET route counts as that GET (none of the special routes differ).
  if (request.method == route.method || request.method == http::Method::HEAD) {
    if (const auto found = classes_.find(&route); found != classes_.end()) return found->second;
  }
  return classify_route(request.method, route.pattern);
}

http::GateDecision RequestLimits::admit(const http::Request& request, const http::Route& route,
                                        bool memory_only) const {
  using Outcome = http::GateDecision::Outcome;
  http::GateDecision decision;
  const RouteClass route_class = class_of(request, route);
  const RateSpec& spec = options_.rate(route_class);
  if (route_class == RouteClass::none || spec.off()) return decision;
  if (memory_only && !limiter_.answers_from_memory()) return {Outcome::undecided, {}, {}};

  const CallerKey caller = identify_(request, memory_only);
  if (caller.kind == CallerKey::Kind::unknown) return {Outcome::undecided, {}, {}};
  if (caller.staff && options_.exempt_staff) return decision;
  // Sign-ins and registrations count by address whoever calls: a token attached to them must
  // not open an allowance of its own (each new account would bring another).
  const bool by_account = caller.kind == CallerKey::Kind::user && route_class != RouteClass::sign_in &&
                          route_class != RouteClass::registration;
  const std::string address = by_account ? std::string() : http::address_rate_key(request.remote_address);
  const std::string_view who = by_account ? std::string_view(caller.user_id) : std::string_view(address);
  // "rl:<class>:u:<user>" or "rl:<class>:ip:<address>", built on the stack: this runs on every request.
  const std::string_view parts[] = {"rl:", route_class_name(route_class), by_account ? ":u:" : ":ip:", who};
  char buffer[160];
  std::string long_key;
  std::size_t length = 0;
  for (auto part : parts) length += part.size();
  char* out = length <= sizeof buffer ? buffer : (long_key.resize(length), long_key.data());
  for (auto part : parts) out = std::copy(part.begin(), part.end(), out);
  const std::string_view key(length <= sizeof buffer ? buffer : long_key.data(), length);

  const Rate rate{spec.count, std::chrono::milliseconds(spec.period_ms), spec.count};
  Decision verdict;
  try {
    verdict = limiter_.allow(key, rate);
  } catch (const std::exception& e) {
    spdlog::error("rate limit for {} failed, request let through: {}", key, e.what());
    return decision;
  }
  // When the allowance is whole again: one request's worth comes back every period/count.
  const std::int64_t spent = spec.count - verdict.remaining;
  const auto reset_s = static_cast<std::int64_t>(
      std::ceil(static_cast<double>(spent) * static_cast<double>(spec.period_ms) / static_cast<double>(spec.count) / 1000));
  if (!verdict.allowed) {
    const std::int64_t retry_s = std::max<std::int64_t>(1, ceil_seconds(verdict.retry_after_ms));
    decision.outcome = Outcome::refuse;
    decision.refusal = http::Response::error(
        ErrorCode::rate_limited, "too many requests; try again in " + std::to_string(retry_s) + " s",
        {{"limit", std::string(route_class_name(route_class))}, {"retry_after_ms", std::to_string(verdict.retry_after_ms)}});
    decision.refusal.headers.set("Retry-After", std::to_string(retry_s));
    decision.refusal.rate_limit = http::RateLimitFields{spec.count, 0, std::max(retry_s, reset_s)};
    return decision;
  }
  decision.rate_limit = http::RateLimitFields{spec.count, verdict.remaining, reset_s};
  return decision;
}

}  // namespace marquee::limits
