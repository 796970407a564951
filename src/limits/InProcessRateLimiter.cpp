#include "limits/InProcessRateLimiter.h"

#include <algorithm>

#include "limits/Gcra.h"

namespace marquee::limits {
namespace {

constexpr std::size_t kFirstSweepAt = 1'024;

}  // namespace

InProcessRateLimiter::InProcessRateLimiter(const Clock& clock) : clock_(clock), sweep_at_(kFirstSweepAt) {}

Decision InProcessRateLimiter::allow(std::string_view key, const Rate& rate, std::int64_t cost) {
  const GcraParams params = gcra_params(rate, cost);
  const std::int64_t now_us = clock_.now_ms() * 1000;
  std::lock_guard lock(mutex_);
  auto it = tat_us_.find(key);
  const GcraStep step = gcra_step(it == tat_us_.end() ? 0 : it->second, now_us, params);
  if (!step.decision.allowed || step.new_tat_us <= now_us) return step.decision;  // nothing owed
  if (it != tat_us_.end()) {
    it->second = step.new_tat_us;
    return step.decision;
  }
  if (tat_us_.size() >= sweep_at_) {
    std::erase_if(tat_us_, [now_us](const auto& entry) { return entry.second <= now_us; });
    sweep_at_ = std::max(kFirstSweepAt, tat_us_.size() * 2);
  }
  tat_us_.emplace(std::string(key), step.new_tat_us);
  return step.decision;
}

std::size_t InProcessRateLimiter::keys() const {
  std::lock_guard lock(mutex_);
  return tat_us_.size();
}

}  // namespace marquee::limits
