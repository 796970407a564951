#include "accounts/SignInThrottle.h"

#include <algorithm>
#include <stdexcept>

#include "core/Error.h"

namespace marquee::accounts {
namespace {

// GCRA keeps one arrival time per key; a check is a cost-0 request against a burst one short
// of the tier's, so it fails exactly when one more failure would be over the tier.
limits::Rate tier_rate(const ThrottleTier& tier, std::int64_t burst) { return {1, tier.interval, burst}; }

std::string tier_key(const std::string& subject, std::size_t tier) {
  return "signin-failures:" + std::to_string(tier) + ":" + subject;
}

}  // namespace

SignInThrottle::SignInThrottle(limits::RateLimiter& limiter, std::vector<ThrottleTier> tiers)
    : limiter_(limiter), tiers_(std::move(tiers)) {
  for (const auto& tier : tiers_) {
    if (tier.burst < 2) throw std::invalid_argument("a sign-in throttle tier lets at least two failures through");
  }
}

void SignInThrottle::check(const std::string& subject) const {
  std::int64_t wait_ms = 0;
  for (std::size_t i = 0; i < tiers_.size(); ++i) {
    const auto decision = limiter_.allow(tier_key(subject, i), tier_rate(tiers_[i], tiers_[i].burst - 1), 0);
    if (!decision.allowed) wait_ms = std::max(wait_ms, decision.retry_after_ms);
  }
  if (wait_ms > 0) {
    const std::int64_t seconds = (wait_ms + 999) / 1000;
    throw Error(ErrorCode::rate_limited,
                "too many failed sign-ins for this account; try again in " + std::to_string(seconds) + " s",
                {{"retry_after_ms", std::to_string(wait_ms)}});
  }
}

void SignInThrottle::record_failure(const std::string& subject) const {
  for (std::size_t i = 0; i < tiers_.size(); ++i) limiter_.allow(tier_key(subject, i), tier_rate(tiers_[i], tiers_[i].burst), 1);
}

}  // namespace marquee::accounts
