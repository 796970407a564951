#pragma once
// The embedded RateLimiter: GCRA in this process's memory, a map from key to TAT in shards.
// Memory stays bounded by the keys in use: once the map has doubled since it was last
// swept, every key whose TAT has passed (an idle key, which would start afresh anyway) is
// forgotten. Time comes from the injected clock, so tests move it instead of sleeping.
#include <cstddef>
#include <cstdint>
#include <array>
#include <atomic>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/Clock.h"
#include "core/SharedSpinLock.h"
#include "limits/RateLimiter.h"

namespace marquee::limits {

class InProcessRateLimiter final : public RateLimiter {
 public:
  explicit InProcessRateLimiter(const Clock& clock);

  Decision decide(std::string_view key, const GcraParams& params) override;
  // Keys held now (swept ones are gone).
  std::size_t keys() const;

 private:
  // A key with its hash, computed once per request: it picks the shard, and the shard's map
  // finds the TAT with it (transparent lookup), so a request neither allocates a key nor
  // hashes it twice. The hash reads the key eight bytes at a time, seeded per process
  // (std::hash's murmur takes twice the instructions on a 20-byte key).
  struct HashedKey {
    std::string_view text;
    std::size_t hash;
    friend bool operator==(const HashedKey& a, const std::string& b) { return a.text == b; }
  };
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const;
    std::size_t operator()(const HashedKey& key) const { return key.hash; }
  };
  // Keys spread over shards; within one, a known key's TAT is an atomic updated by
  // compare-and-swap under the shard's shared lock, so the requests of one busy key (one
  // address behind a NAT, a benchmark) never queue on a mutex. Only a new key, and the sweep,
  // take the shard exclusively.
  struct Shard {
    mutable SharedSpinLock mutex;
    std::unordered_map<std::string, std::atomic<std::int64_t>, KeyHash, std::equal_to<>> tat_us;
    std::size_t sweep_at;  // guarded by mutex (exclusively); map size that triggers a sweep
  };
  static constexpr std::size_t kShards = 16;

  const Clock& clock_;
  std::array<Shard, kShards> shards_;
};

}  // namespace marquee::limits
