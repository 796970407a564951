#pragma once
// The embedded RateLimiter: GCRA in this process's memory, one mutex over a map from key to
// TAT. Memory stays bounded by the keys in use: once the map has doubled since it was last
// swept, every key whose TAT has passed (an idle key, which would start afresh anyway) is
// forgotten. Time comes from the injected clock, so tests move it instead of sleeping.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/Clock.h"
#include "limits/RateLimiter.h"

namespace marquee::limits {

class InProcessRateLimiter final : public RateLimiter {
 public:
  explicit InProcessRateLimiter(const Clock& clock);

  Decision allow(std::string_view key, const Rate& rate, std::int64_t cost = 1) override;
  // Keys held now (swept ones are gone).
  std::size_t keys() const;

 private:
  const Clock& clock_;
  mutable std::mutex mutex_;
  // Looked up by string_view (transparent hashing): a request allocates no key to find its TAT.
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const { return std::hash<std::string_view>{}(key); }
  };
  std::unordered_map<std::string, std::int64_t, KeyHash, std::equal_to<>> tat_us_;  // guarded by mutex_
  std::size_t sweep_at_;                                  // guarded by mutex_; map size that triggers a sweep
};

}  // namespace marquee::limits
