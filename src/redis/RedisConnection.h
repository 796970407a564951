#pragma once
// One connection to Redis over hiredis, driven without blocking: every connect and command
// waits in poll() with a deadline and the caller's stop signal (core/SocketWait.h), so a dead
// or frozen Redis costs a caller at most its deadline, and stop() never waits on the server.
// Commands may be pipelined: sent together, one reply read back each.
//
// A connection that failed (an I/O error, a timeout, a stop) is broken for good: the caller
// drops it and opens another. Error *replies* are not failures: they come back as replies.
// Not thread-safe: one thread uses a connection at a time.
#include <memory>
#include <string>
#include <vector>

#include "core/SocketWait.h"
#include "redis/RedisReply.h"
#include "redis/RedisUrl.h"

struct redisContext;

namespace marquee::redis {

using RedisCommand = std::vector<std::string>;  // the command's words; binary-safe

enum class RedisIo { ok, failed, timed_out, stopped };

class RedisConnection {
 public:
  // Connects, sends AUTH and SELECT when the URL asks for them, and names the connection
  // `name` (CLIENT SETNAME; shown by CLIENT LIST; spaces become '_'). nullptr, with `error`
  // saying why, when it cannot.
  static std::unique_ptr<RedisConnection> open(const RedisUrl& url, const std::string& name, WaitLimits& limits,
                                               std::string& error);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Sends the commands in one write and reads one reply each, in order.
  RedisIo run(const std::vector<RedisCommand>& commands, std::vector<RedisReply>& replies, WaitLimits& limits,
              std::string& error);
  RedisIo run(const RedisCommand& command, RedisReply& reply, WaitLimits& limits, std::string& error);

  // For a subscriber, whose replies arrive without being asked for: send() writes commands
  // without reading anything back; next() waits for the next reply (a pushed message too).
  RedisIo send(const std::vector<RedisCommand>& commands, WaitLimits& limits, std::string& error);
  RedisIo next(RedisReply& reply, WaitLimits& limits, std::string& error);

  // False once the connection failed, or when the server closed it while it sat idle (checked
  // without waiting): worth checking before reusing a connection that was idle for a while.
  bool usable();

 private:
  explicit RedisConnection(redisContext* context) : context_(context) {}
  RedisIo flush(WaitLimits& limits, std::string& error);
  RedisIo fail(RedisIo why, std::string& error, const std::string& message);

  redisContext* context_;
  bool broken_ = false;
};

}  // namespace marquee::redis
