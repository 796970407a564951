#include "limits/InProcessRateLimiter.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <shared_mutex>

#include "core/Crypto.h"
#include "limits/Gcra.h"

namespace marquee::limits {
namespace {

constexpr std::size_t kFirstSweepAt = 1'024;

std::uint64_t random_seed() {
  std::uint64_t seed = 0;
  const std::string bytes = crypto::random_bytes(sizeof seed);
  std::memcpy(&seed, bytes.data(), sizeof seed);
  return seed;
}

// Keys are hashed with a seed an outsider cannot know, so no one can choose addresses that
// fall into one bucket.
const std::uint64_t kKeySeed = random_seed();

std::uint64_t load64(const char* at) {
  std::uint64_t word;
  std::memcpy(&word, at, sizeof word);
  return word;
}

std::uint64_t mix(std::uint64_t hash, std::uint64_t word) {
  hash = (hash ^ word) * 0xbf58476d1ce4e5b9ull;
  return hash ^ (hash >> 29);
}

}  // namespace

std::size_t InProcessRateLimiter::KeyHash::operator()(std::string_view key) const {
  std::uint64_t hash = kKeySeed ^ (key.size() * 0x9e3779b97f4a7c15ull);
  const char* at = key.data();
  std::size_t left = key.size();
  for (; left >= 8; at += 8, left -= 8) hash = mix(hash, load64(at));
  if (left > 0) {
    // The last bytes: the key's last eight when it has them (overlapping the words already
    // read), else byte by byte.
    std::uint64_t tail = 0;
    if (key.size() >= 8) {
      tail = load64(key.data() + key.size() - 8);
    } else {
      for (std::size_t i = 0; i < left; ++i) tail = tail << 8 | static_cast<unsigned char>(at[i]);
    }
    hash = mix(hash, tail);
  }
  hash *= 0x94d049bb133111ebull;
  return hash ^ (hash >> 31);
}

InProcessRateLimiter::InProcessRateLimiter(const Clock& clock) : clock_(clock) {
  for (auto& shard : shards_) shard.sweep_at = kFirstSweepAt;
}

Decision InProcessRateLimiter::decide(std::string_view key, const GcraParams& params) {
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
