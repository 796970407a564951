#pragma once
// The arithmetic of GCRA, in microseconds, shared by the in-process limiter and (as the
// same steps in Lua) by the Redis one's script. With T = period / count (the emission
// interval) and a tolerance of burst × T: a request of cost c moves the key's theoretical
// arrival time (TAT) to max(TAT, now) + c × T, and is allowed when that lands no further
// than the tolerance ahead of now.
#include <cstdint>

#include "limits/RateLimiter.h"

namespace marquee::limits {

// Throws std::invalid_argument for a rate or cost out of range.
GcraParams gcra_params(const Rate& rate, std::int64_t cost);

struct GcraStep {
  Decision decision;
  std::int64_t new_tat_us = 0;  // to keep when allowed (an unchanged TAT otherwise)
};

// `tat_us` is the key's stored TAT, or 0 for a key never seen (or forgotten).
GcraStep gcra_step(std::int64_t tat_us, std::int64_t now_us, const GcraParams& params);

}  // namespace marquee::limits
