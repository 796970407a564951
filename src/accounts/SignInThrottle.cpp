#include "accounts/SignInThrottle.h"

#include <algorithm>
#include <stdexcept>

#include "core/Error.h"
#include "http/ClientAddress.h"

namespace marquee::accounts {
namespace {

// GCRA keeps one arrival time per key; a check is a cost-0 request against a burst one short
// of the tier's, so it fails exactly when one more failure would be over the tier.
limits::Rate tier_rate(const ThrottleTier& tier, std::int64_t burst) { return {1, tier.interval, burst}; }

}  // namespace

SignInThrottle::SignInThrottle(limits::RateLimiter& limiter, std::vector<ThrottleTier> per_address,
                               std::vector<ThrottleTier> per_account)
    : limiter_(limiter), per_address_(std::move(per_address)), per_account_(std::move(per_account)) {
  for (const auto* tiers : {&per_address_, &per_account_}) {
    for (const auto& tier : *tiers) {
      if (tier.burst < 2) throw std::invalid_argument("a sign-in throttle tier lets at least two failures through");
    }
  }
}

std::vector<SignInThrottle::Keyed> SignInThrottle::keys_of(const std::string& subject,
                                                           const std::string& address) const {
  std::vector<Keyed> keys;
  const std::string from = address.empty() ? std::string() : "|" + http::address_rate_key(address);
  for (std::size_t i = 0; i < per_address_.size(); ++i) {
    keys.push_back({"signin-failures:" + std::to_string(i) + ":" + subject + from, &per_address_[i]});
  }
  for (std::size_t i = 0; i < per_account_.size(); ++i) {
    keys.push_back({"signin-failures:all" + std::to_string(i) + ":" + subject, &per_account_[i]});
  }
  return keys;
}

void SignInThrottle::check(const std::string& subject, const std::string& address) const {
  std::int64_t wait_ms = 0;
  for (const auto& [key, tier] : keys_of(subject, address)) {
    const auto decision = limiter_.allow(key, tier_rate(*tier, tier->burst - 1), 0);
    if (!decision.allowed) wait_ms = std::max(wait_ms, decision.retry_after_ms);
  }
  if (wait_ms > 0) {
    const std::int64_t seconds = (wait_ms + 999) / 1000;
    throw Error(ErrorCode::rate_limited,
                "too many failed sign-ins for this account; try again in " + std::to_string(seconds) + " s",
                {{"retry_after_ms", std::to_string(wait_ms)}});
  }
}

void SignInThrottle::record_failure(const std::string& subject, const std::string& address) const {
  for (const auto& [key, tier] : keys_of(subject, address)) limiter_.allow(key, tier_rate(*tier, tier->burst), 1);
}

}  // namespace marquee::accounts
