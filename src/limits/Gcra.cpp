#include "limits/Gcra.h"

#include <algorithm>
#include <stdexcept>

namespace marquee::limits {
namespace {

// Ten years: far beyond any useful limit, and small enough that no sum overflows (and that
// Lua's doubles hold every microsecond of the Redis script's arithmetic exactly).
constexpr std::int64_t kLongestPeriodMs = 10ll * 365 * 24 * 3600 * 1000;
constexpr std::int64_t kLongestHorizonUs = kLongestPeriodMs * 1000;
constexpr std::int64_t kLargestCount = 1'000'000'000;

std::int64_t ceil_ms(std::int64_t us) { return (us + 999) / 1000; }

}  // namespace

GcraParams gcra_params(const Rate& rate, std::int64_t cost) {
  const std::int64_t period_ms = rate.period.count();
  if (rate.count < 1 || rate.count > kLargestCount) throw std::invalid_argument("rate count out of range");
  if (period_ms < 1 || period_ms > kLongestPeriodMs) throw std::invalid_argument("rate period out of range");
  if (rate.burst < 1 || rate.burst > kLargestCount) throw std::invalid_argument("rate burst out of range");
  if (cost < 0 || cost > kLargestCount) throw std::invalid_argument("rate limit cost out of range");
  GcraParams params;
  params.emission_us = std::max<std::int64_t>(1, period_ms * 1000 / rate.count);
  if (rate.burst > kLongestHorizonUs / params.emission_us) throw std::invalid_argument("rate burst spans too long");
  params.tolerance_us = params.emission_us * rate.burst;
  // A cost above the burst is never allowed; one more than the burst says so as well.
  params.cost = std::min(cost, rate.burst + 1);
  return params;
}

GcraStep gcra_step(std::int64_t tat_us, std::int64_t now_us, const GcraParams& params) {
  const std::int64_t tat = std::max(tat_us, now_us);
  const std::int64_t new_tat = tat + params.cost * params.emission_us;
  const std::int64_t allow_at = new_tat - params.tolerance_us;
  GcraStep step;
  if (now_us < allow_at) {
    step.new_tat_us = tat;
    step.decision.allowed = false;
    step.decision.retry_after_ms = std::max<std::int64_t>(1, ceil_ms(allow_at - now_us));
  } else {
    step.new_tat_us = new_tat;
    step.decision.allowed = true;
  }
  step.decision.remaining =
      std::max<std::int64_t>(0, (now_us + params.tolerance_us - step.new_tat_us) / params.emission_us);
  return step;
}

Decision RateLimiter::allow(std::string_view key, const Rate& rate, std::int64_t cost) {
  return decide(key, gcra_params(rate, cost));
}

}  // namespace marquee::limits
