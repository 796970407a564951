#include "limits/RequestLimits.h"

#include <spdlog/spdlog.h>

#include "http/ClientAddress.h"
#include "http/Router.h"

namespace marquee::limits {
namespace {

std::int64_t ceil_seconds(std::int64_t ms) { return (ms + 999) / 1000; }

}  // namespace

RequestLimits::RequestLimits(RateLimiter& limiter, RequestLimitsOptions options, IdentifyCaller identify)
    : limiter_(limiter), options_(options), identify_(std::move(identify)) {}

http::GateDecision RequestLimits::admit(const http::Request& request, const http::Route& route,
                                        bool memory_only) const {
  using Outcome = http::GateDecision::Outcome;
  http::GateDecision decision;
  const RouteClass route_class = classify_route(request.method, route.pattern);
  const RateSpec& spec = options_.rate(route_class);
  if (route_class == RouteClass::none || spec.off()) return decision;
  if (memory_only && !limiter_.answers_from_memory()) return {Outcome::undecided, {}, {}};

  const CallerKey caller = identify_(request, memory_only);
  if (caller.kind == CallerKey::Kind::unknown) return {Outcome::undecided, {}, {}};
  if (caller.staff && options_.exempt_staff) return decision;
  std::string key = "rl:";
  key += route_class_name(route_class);
  key += caller.kind == CallerKey::Kind::user ? ":u:" + caller.user_id
                                              : ":ip:" + http::address_rate_key(request.remote_address);

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
  const std::int64_t reset_s = ceil_seconds(spent * spec.period_ms / spec.count);
  if (!verdict.allowed) {
    const std::int64_t retry_s = std::max<std::int64_t>(1, ceil_seconds(verdict.retry_after_ms));
    decision.outcome = Outcome::refuse;
    decision.refusal = http::Response::error(
        ErrorCode::rate_limited, "too many requests; try again in " + std::to_string(retry_s) + " s",
        {{"limit", std::string(route_class_name(route_class))}, {"retry_after_ms", std::to_string(verdict.retry_after_ms)}});
    decision.refusal.headers.set("Retry-After", std::to_string(retry_s));
    decision.refusal.headers.set("RateLimit-Limit", std::to_string(spec.count));
    decision.refusal.headers.set("RateLimit-Remaining", "0");
    decision.refusal.headers.set("RateLimit-Reset", std::to_string(std::max(retry_s, reset_s)));
    return decision;
  }
  decision.headers.set("RateLimit-Limit", std::to_string(spec.count));
  decision.headers.set("RateLimit-Remaining", std::to_string(verdict.remaining));
  decision.headers.set("RateLimit-Reset", std::to_string(reset_s));
  return decision;
}

}  // namespace marquee::limits
