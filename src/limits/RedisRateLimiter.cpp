#include "limits/RedisRateLimiter.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <vector>

#include "core/Crypto.h"
#include "core/LogThrottle.h"
#include "core/SocketWait.h"
#include "limits/Gcra.h"
#include "limits/InProcessRateLimiter.h"
#include "redis/RedisConnection.h"

namespace marquee::limits {
namespace {

using redis::RedisCommand;
using redis::RedisConnection;
using redis::RedisIo;
using redis::RedisReply;

// The step of limits/Gcra.cpp in Lua (its numbers are doubles: every microsecond value here
// stays below 2^53, see gcra_params). KEYS[1]: the key; ARGV: emission interval and
// tolerance in microseconds, cost. Returns {allowed, retry_after_ms, remaining}.
constexpr const char* kGcraScript = R"lua(
if redis.replicate_commands then redis.replicate_commands() end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local emission = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then tat = now end
local new_tat = tat + cost * emission
local allow_at = new_tat - tolerance
local allowed = 1
local retry_after = 0
if now < allow_at then
  allowed = 0
  new_tat = tat
  retry_after = math.max(1, math.ceil((allow_at - now) / 1000))
elseif new_tat > now then
  redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.ceil((new_tat - now) / 1000))
end
local remaining = math.floor((now + tolerance - new_tat) / emission)
if remaining < 0 then remaining = 0 end
return {allowed, retry_after, remaining}
)lua";

std::optional<Decision> decision_of(const RedisReply& reply) {
  if (reply.type != RedisReply::Type::array || reply.elements.size() != 3) return std::nullopt;
  for (const auto& element : reply.elements) {
    if (element.type != RedisReply::Type::integer) return std::nullopt;
  }
  return Decision{reply.elements[0].integer == 1, reply.elements[1].integer, reply.elements[2].integer};
}

}  // namespace

class RedisRateLimiter::Impl {
 public:
  Impl(redis::RedisUrl url, const Clock& clock, RedisRateLimiterOptions options)
      : url_(std::move(url)),
        options_(std::move(options)),
        script_sha_(crypto::to_hex(crypto::sha1(kGcraScript))),
        fallback_(clock),
        backoff_(options_.first_backoff) {}

  Decision decide(std::string_view key, const GcraParams& params) {
    if (redis_due()) {
      std::string name = options_.key_prefix;
      name.append(key);
      RedisCommand command{"EVALSHA",
                           script_sha_,
                           "1",
                           std::move(name),
                           std::to_string(params.emission_us),
                           std::to_string(params.tolerance_us),
                           std::to_string(params.cost)};
      RedisReply reply;
      if (ask(command, reply)) {
        if (const auto decision = decision_of(reply)) {
          decided_by_redis_.fetch_add(1, std::memory_order_relaxed);
          return *decision;
        }
        redis_failed("an answer that is not a decision from the rate limit script");
      }
    }
    decided_locally_.fetch_add(1, std::memory_order_relaxed);
    return fallback_.decide(key, params);
  }

  bool probe() {
    if (redis_due()) {
      RedisReply reply;
      ask({"PING"}, reply);
    }
    return healthy();
  }

  bool healthy() const { return healthy_.load(); }

  RedisRateLimiterCounters counters() const {
    return {decided_by_redis_.load(std::memory_order_relaxed), decided_locally_.load(std::memory_order_relaxed),
            failures_.load(std::memory_order_relaxed)};
  }

 private:
  // Sends `command` (an EVALSHA is sent again as EVAL when Redis lost the script) and sets
  // the limiter's health from how it went. False when Redis could not be asked or refused.
  bool ask(const RedisCommand& command, RedisReply& reply) {
    std::string error;
    std::unique_ptr<RedisConnection> conn = take_connection(error);
    if (!conn) {
      redis_failed("cannot connect: " + error);
      return false;
    }
    WaitLimits limits{SteadyClock::now() + options_.command_timeout};
    RedisIo io = conn->run(command, reply, limits, error);
    if (io == RedisIo::ok && reply.is_error("NOSCRIPT")) {
      RedisCommand eval = command;
      eval[0] = "EVAL";
      eval[1] = kGcraScript;  // EVAL also caches it for the next EVALSHA
      limits.deadline = SteadyClock::now() + options_.command_timeout;
      io = conn->run(eval, reply, limits, error);
    }
    if (io != RedisIo::ok) {
      redis_failed(error);
      return false;
    }
    give_back(std::move(conn));
    if (reply.is_error()) {
      redis_failed("Redis refused: " + reply.text);
      return false;
    }
    redis_answered();
    return true;
  }

  // True when Redis should be asked: it is healthy, or its backoff is over and no other
  // request is trying it already.
  bool redis_due() {
    if (healthy_.load()) return true;
    std::lock_guard lock(state_mutex_);
    if (healthy_.load()) return true;
    if (probing_ || SteadyClock::now() < retry_at_) return false;
    probing_ = true;
    return true;
  }

  void redis_answered() {
    if (healthy_.load()) return;
    std::lock_guard lock(state_mutex_);
    if (!healthy_.load()) spdlog::info("rate limits: Redis at {} answers again; limits are shared again", url_.describe());
    healthy_ = true;
    probing_ = false;
    backoff_ = options_.first_backoff;
  }

  void redis_failed(const std::string& why) {
    failures_.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(state_mutex_);
    if (failure_log_.allow()) {
      spdlog::warn("rate limits: Redis at {} failed ({}); limiting on this node alone, trying Redis again in {} ms",
                   url_.describe(), why, backoff_.count());
    }
    healthy_ = false;
    probing_ = false;
    retry_at_ = SteadyClock::now() + backoff_;
    backoff_ = std::min(backoff_ * 2, options_.max_backoff);
  }

  std::unique_ptr<RedisConnection> take_connection(std::string& error) {
    {
      std::lock_guard lock(pool_mutex_);
      while (!idle_.empty()) {
        std::unique_ptr<RedisConnection> conn = std::move(idle_.back());
        idle_.pop_back();
        if (conn->usable()) return conn;
      }
    }
    WaitLimits limits{SteadyClock::now() + options_.connect_timeout};
    return RedisConnection::open(url_, "marquee-rate-limiter", limits, error);
  }

  void give_back(std::unique_ptr<RedisConnection> conn) {
    std::lock_guard lock(pool_mutex_);
    if (idle_.size() < options_.idle_connections) idle_.push_back(std::move(conn));
  }

  const redis::RedisUrl url_;
  const RedisRateLimiterOptions options_;
  const std::string script_sha_;
  InProcessRateLimiter fallback_;

  std::atomic<bool> healthy_{true};  // until Redis fails: no request waits for a first check
  std::mutex state_mutex_;
  bool probing_ = false;                 // guarded by state_mutex_
  SteadyClock::time_point retry_at_{};         // guarded by state_mutex_
  std::chrono::milliseconds backoff_;    // guarded by state_mutex_
  LogThrottle failure_log_;

  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<RedisConnection>> idle_;  // guarded by pool_mutex_

  std::atomic<std::uint64_t> decided_by_redis_{0};
  std::atomic<std::uint64_t> decided_locally_{0};
  std::atomic<std::uint64_t> failures_{0};
};

RedisRateLimiter::RedisRateLimiter(redis::RedisUrl url, const Clock& clock, RedisRateLimiterOptions options)
    : impl_(std::make_unique<Impl>(std::move(url), clock, std::move(options))) {}

RedisRateLimiter::~RedisRateLimiter() = default;

Decision RedisRateLimiter::decide(std::string_view key, const GcraParams& params) {
  return impl_->decide(key, params);
}
bool RedisRateLimiter::healthy() const { return impl_->healthy(); }
bool RedisRateLimiter::probe() { return impl_->probe(); }
RedisRateLimiterCounters RedisRateLimiter::counters() const { return impl_->counters(); }

}  // namespace marquee::limits
