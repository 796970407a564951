#include "limits/InProcessRateLimiter.h"

#include <algorithm>
#include <mutex>

#include "limits/Gcra.h"

namespace marquee::limits {
namespace {

constexpr std::size_t kFirstSweepAt = 1'024;

}  // namespace

InProcessRateLimiter::InProcessRateLimiter(const Clock& clock) : clock_(clock) {
  for (auto& shard : shards_) shard.sweep_at = kFirstSweepAt;
}

Decision InProcessRateLimiter::allow(std::string_view key, const Rate& rate, std::int64_t cost) {
  const GcraParams params = gcra_params(rate, cost);
  const std::int64_t now_us = clock_.now_ms() * 1000;
  const HashedKey hashed{key, KeyHash{}(key)};
  Shard& shard = shards_[hashed.hash % kShards];
  {
    std::shared_lock lock(shard.mutex);
    if (auto it = shard.tat_us.find(hashed); it != shard.tat_us.end()) {
      std::atomic<std::int64_t>& tat = it->second;
      std::int64_t current = tat.load(std::memory_order_relaxed);
      while (true) {
        const GcraStep step = gcra_step(current, now_us, params);
        if (!step.decision.allowed || step.new_tat_us <= now_us) return step.decision;  // nothing owed
        if (tat.compare_exchange_weak(current, step.new_tat_us, std::memory_order_relaxed)) return step.decision;
      }
    }
  }
  const GcraStep fresh = gcra_step(0, now_us, params);
  if (!fresh.decision.allowed || fresh.new_tat_us <= now_us) return fresh.decision;
  std::unique_lock lock(shard.mutex);
  if (auto it = shard.tat_us.find(hashed); it != shard.tat_us.end()) {  // another request added it meanwhile
    const GcraStep step = gcra_step(it->second.load(std::memory_order_relaxed), now_us, params);
    if (step.decision.allowed && step.new_tat_us > now_us) it->second.store(step.new_tat_us, std::memory_order_relaxed);
    return step.decision;
  }
  if (shard.tat_us.size() >= shard.sweep_at) {
    std::erase_if(shard.tat_us, [now_us](const auto& entry) { return entry.second.load() <= now_us; });
    shard.sweep_at = std::max(kFirstSweepAt, shard.tat_us.size() * 2);
  }
  shard.tat_us.try_emplace(std::string(key), fresh.new_tat_us);
  return fresh.decision;
}

std::size_t InProcessRateLimiter::keys() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) {
    std::shared_lock lock(shard.mutex);
    total += shard.tat_us.size();
  }
  return total;
}

}  // namespace marquee::limits
