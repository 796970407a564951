#include "limits/RequestLimits.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "http/ClientAddress.h"
#include "http/Router.h"
#include "limits/Gcra.h"

namespace marquee::limits {
namespace {

std::int64_t ceil_seconds(std::int64_t ms) { return (ms + 999) / 1000; }

}  // namespace

RequestLimits::RequestLimits(RateLimiter& limiter, RequestLimitsOptions options, IdentifyCaller identify)
    : limiter_(limiter), options_(options), identify_(std::move(identify)) {
  for (std::size_t i = 0; i < key_prefixes_.size(); ++i) {
    const std::string name(route_class_name(static_cast<RouteClass>(i)));
    key_prefixes_[i] = {"rl:" + name + ":ip:", "rl:" + name + ":u:"};
    const RateSpec& spec = options_.rates[i];
    if (spec.off()) continue;
    params_[i] = gcra_params({spec.count, std::chrono::milliseconds(spec.period_ms), spec.count}, 1);
    limit_digits_[i] = std::to_string(spec.count);
  }
}

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
  // One GateDecision, returned from every path, so it is built in place (no moves).
  using Outcome = http::GateDecision::Outcome;
  http::GateDecision decision;
  const RouteClass route_class = class_of(request, route);
  const RateSpec& spec = options_.rate(route_class);
  if (route_class == RouteClass::none || spec.off()) return decision;
  if (memory_only && !limiter_.answers_from_memory()) {
    decision.outcome = Outcome::undecided;
    return decision;
  }

  const CallerKey caller = identify_(request, memory_only);
  if (caller.kind == CallerKey::Kind::unknown) {
    decision.outcome = Outcome::undecided;
    return decision;
  }
  if (caller.staff && options_.exempt_staff) return decision;
  // Sign-ins and registrations count by address whoever calls: a token attached to them must
  // not open an allowance of its own (each new account would bring another).
  const bool by_account = caller.kind == CallerKey::Kind::user && route_class != RouteClass::sign_in &&
                          route_class != RouteClass::registration;
  // A plain IPv4 address is its own key; IPv6 counts by its /64 (ClientAddress.h).
  std::string masked;
  std::string_view who = caller.user_id;
  if (!by_account) {
    who = request.remote_address;
    if (who.find(':') != std::string_view::npos) who = masked = http::address_rate_key(who);
  }
  // "rl:<class>:u:<user>" or "rl:<class>:ip:<address>", built on the stack: this runs on every request.
  const std::string_view prefix = key_prefix(route_class, by_account);
  char buffer[160];
  std::string long_key;
  const std::size_t length = prefix.size() + who.size();
  char* out = length <= sizeof buffer ? buffer : (long_key.resize(length), long_key.data());
  std::memcpy(out, prefix.data(), prefix.size());
  std::memcpy(out + prefix.size(), who.data(), who.size());
  const std::string_view key(out, length);

  Decision verdict;
  try {
    verdict = limiter_.decide(key, params_[static_cast<std::size_t>(route_class)]);
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
    decision.refusal = std::make_unique<http::Response>(http::Response::error(
        ErrorCode::rate_limited, "too many requests; try again in " + std::to_string(retry_s) + " s",
        {{"limit", std::string(route_class_name(route_class))}, {"retry_after_ms", std::to_string(verdict.retry_after_ms)}}));
    http::Response& refusal = *decision.refusal;
    refusal.headers.set("Retry-After", std::to_string(retry_s));
    refusal.rate_limit = http::RateLimitFields{spec.count, 0, std::max(retry_s, reset_s)};
    return decision;
  }
  decision.rate_limit =
      http::RateLimitFields{spec.count, verdict.remaining, reset_s, limit_digits_[static_cast<std::size_t>(route_class)]};
  return decision;
}

std::string_view RequestLimits::key_prefix(RouteClass route_class, bool by_account) const {
  return key_prefixes_[static_cast<std::size_t>(route_class)][by_account ? 1 : 0];
}

}  // namespace marquee::limits
