#pragma once
// The scale-out RateLimiter: every node on one Redis shares each key's limit. One Lua script
// does the whole GCRA step atomically (EVALSHA, and EVAL when Redis answers NOSCRIPT, after a
// restart or SCRIPT FLUSH) on Redis's own clock (TIME), so the nodes' clocks do not matter;
// a key lives in Redis only until its TAT passes (its PX ttl is the TAT's distance).
//
// Redis down: fail-open per node. When Redis cannot be reached or does not answer within
// the command timeout (half a second), the decision comes from this node's own
// InProcessRateLimiter instead, so each node still enforces the limit on what it sees and a
// caller spread over N nodes gets up to N times the rate; healthy() turns false. Redis is
// tried again after a backoff (half a second, doubling to ten), by one request at a time;
// meanwhile no request waits on it. A request thread thus waits on a dead Redis at most
// once per backoff, for at most the connect or command timeout.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/Clock.h"
#include "limits/RateLimiter.h"
#include "redis/RedisUrl.h"

namespace marquee::limits {

struct RedisRateLimiterOptions {
  std::string key_prefix = "marquee:rate:";  // Redis keys are the prefix and the caller's key
  std::chrono::milliseconds connect_timeout{500};
  std::chrono::milliseconds command_timeout{500};
  std::chrono::milliseconds first_backoff{500};
  std::chrono::milliseconds max_backoff{10'000};
  std::size_t idle_connections = 4;  // kept open between requests; more are opened when needed
};

struct RedisRateLimiterCounters {
  std::uint64_t decided_by_redis = 0;
  std::uint64_t decided_locally = 0;  // while Redis was unreachable
  std::uint64_t redis_failures = 0;   // connects, commands or scripts that failed
};

class RedisRateLimiter final : public RateLimiter {
 public:
  // `clock` drives the in-process fallback only. Connects nothing until the first request.
  RedisRateLimiter(redis::RedisUrl url, const Clock& clock, RedisRateLimiterOptions options = {});
  ~RedisRateLimiter() override;
  RedisRateLimiter(const RedisRateLimiter&) = delete;
  RedisRateLimiter& operator=(const RedisRateLimiter&) = delete;

  Decision decide(std::string_view key, const GcraParams& params) override;
  bool healthy() const override;
  bool answers_from_memory() const override { return false; }
  // Asks Redis now (PING), unless it failed within its backoff, and returns healthy(): for
  // /api/ready, which should not wait for a rate-limited request to find Redis gone.
  bool probe();
  RedisRateLimiterCounters counters() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace marquee::limits
