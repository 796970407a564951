#pragma once
// Rate limits by key ("chat:<user id>", "login:<ip>" …) with GCRA semantics (the generic
// cell rate algorithm): `count` requests per `period` sustained, and up to `burst` of them
// at once. A key that was idle regains its whole burst; a request that would exceed the rate
// is refused with the time until it would be allowed. Nothing but a theoretical arrival time
// (TAT) per key is kept, and only until it passes.
//
// Implementations: InProcessRateLimiter (one process: the embedded default) and
// RedisRateLimiter (one atomic script, shared by every node on one Redis). One conformance
// suite runs against both.
#include <chrono>
#include <cstdint>
#include <string_view>

namespace marquee::limits {

struct Rate {
  std::int64_t count = 1;                    // requests per period, sustained (>= 1)
  std::chrono::milliseconds period{1'000};   // (>= 1 ms)
  std::int64_t burst = 1;                    // requests allowed at once (>= 1)

  static Rate per_minute(std::int64_t count) { return {count, std::chrono::minutes(1), count}; }
  static Rate per_second(std::int64_t count) { return {count, std::chrono::seconds(1), count}; }
};

// A Rate and a cost as the limiter's arithmetic uses them (limits/Gcra.h): checked and
// computed once, so a caller on a hot path (RequestLimits, on every request) prepares its
// rates at start instead of on each call.
struct GcraParams {
  std::int64_t emission_us = 1;   // T = period / count
  std::int64_t tolerance_us = 1;  // burst × T
  std::int64_t cost = 1;
};

struct Decision {
  bool allowed = false;
  std::int64_t retry_after_ms = 0;  // refused: when the same request would be allowed; 0 when allowed
  std::int64_t remaining = 0;       // requests of cost 1 that would be allowed right now, after this one
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Takes `cost` (>= 0) requests' worth for `key` when the rate allows it; a refused request
  // takes nothing. A cost above the burst is never allowed. Throws std::invalid_argument for
  // a rate or cost out of range (a burst may span at most ten years). Thread-safe.
  Decision allow(std::string_view key, const Rate& rate, std::int64_t cost = 1);
  // The same, for a rate prepared by gcra_params().
  virtual Decision decide(std::string_view key, const GcraParams& params) = 0;
  // False while the limiter cannot do what it is for (the Redis one, cut off from Redis,
  // limiting on this node alone).
  virtual bool healthy() const { return true; }
  // Whether allow() decides without waiting on the network (an I/O thread may then call it).
  virtual bool answers_from_memory() const { return true; }
};

}  // namespace marquee::limits
