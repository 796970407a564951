#pragma once
// Progressive throttling of failed sign-ins to one account, wherever they come from (the
// per-address limit is the sign_in route class: limits/RequestLimits.h). Each tier lets a burst
// of failures through and then one more every interval; later tiers are slower:
//   5 failures at once, then one a minute; 20, then one every 15 minutes.
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
                          std::vector<ThrottleTier> tiers = {{5, std::chrono::minutes(1)},
                                                             {20, std::chrono::minutes(15)}});

  // Throws Error(rate_limited) with the wait when `subject` (an account id, or the login as
  // typed when there is no such account) may not try now.
  void check(const std::string& subject) const;
  void record_failure(const std::string& subject) const;

 private:
  limits::RateLimiter& limiter_;
  std::vector<ThrottleTier> tiers_;
};

}  // namespace marquee::accounts
