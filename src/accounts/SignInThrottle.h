#pragma once
// Progressive throttling of failed sign-ins to one account (the per-address limit on every
// sign-in is the sign_in route class: limits/RequestLimits.h). Each tier lets a burst of
// failures through and then one more every interval; later tiers are slower. From one address
// (an IPv6 /64): 5 failures at once, then one a minute; 20, then one every 15 minutes. From
// all addresses together, against a botnet: 100, then one a minute. Keying the tight tiers by
// address as well means a stranger cannot lock an account out from everywhere with a request
// every 15 minutes: they would need a hundred failures, and then one a minute.
// A throttled account answers 429 before the password is even checked (so guessing goes no
// faster with the right password), and an unknown login is throttled exactly as a real one, so
// neither the answer nor its timing tells whether the account exists. A success does not
// reset the tiers: an attacker who also knows the password gains nothing by interleaving.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "limits/RateLimiter.h"

namespace marquee::accounts {

struct ThrottleTier {
  std::int64_t burst;  // >= 2
  std::chrono::milliseconds interval;
};

class SignInThrottle {
 public:
  explicit SignInThrottle(limits::RateLimiter& limiter,
                          std::vector<ThrottleTier> per_address = {{5, std::chrono::minutes(1)},
                                                                   {20, std::chrono::minutes(15)}},
                          std::vector<ThrottleTier> per_account = {{100, std::chrono::minutes(1)}});

  // Throws Error(rate_limited) with the wait when `subject` (an account id, or the login as
  // typed when there is no such account) may not try now from `address` ("" when the try is
  // not a sign-in: a signed-in user confirming a change; then the address tiers key by subject).
  void check(const std::string& subject, const std::string& address) const;
  void record_failure(const std::string& subject, const std::string& address) const;

 private:
  struct Keyed {
    std::string key;
    const ThrottleTier* tier;
  };
  std::vector<Keyed> keys_of(const std::string& subject, const std::string& address) const;

  limits::RateLimiter& limiter_;
  std::vector<ThrottleTier> per_address_, per_account_;
};

}  // namespace marquee::accounts
