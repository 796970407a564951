#pragma once
// Redis for tests. The shared one is named by MARQUEE_TEST_REDIS_URL (scripts/with-redis
// starts it); tests that need Redis skip without it. Tests that take Redis away (kill it,
// freeze it, restart it) start one of their own: OwnRedisServer, a redis-server child on a
// free loopback port in a temp dir, without persistence.
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "redis/RedisReply.h"

namespace marquee::testing {

// The shared test Redis, or nullopt when the tests run without one.
std::optional<std::string> test_redis_url();

// Runs one command on a fresh connection to `url`; throws std::runtime_error when Redis
// cannot be reached.
redis::RedisReply redis_command(const std::string& url, const std::vector<std::string>& command);

// Closes, from the server's side, every client connection named `name` (CLIENT SETNAME), as a
// server restart or a network cut would; returns how many there were.
int kill_redis_clients_named(const std::string& url, const std::string& name);

class OwnRedisServer {
 public:
  // Starts redis-server (MARQUEE_REDIS_BIN, else from PATH) with `extra_args` ("--requirepass",
  // "secret" …) and waits until it accepts connections. Throws when it cannot.
  explicit OwnRedisServer(std::vector<std::string> extra_args = {});
  ~OwnRedisServer();
  OwnRedisServer(const OwnRedisServer&) = delete;
  OwnRedisServer& operator=(const OwnRedisServer&) = delete;

  std::string url() const;  // redis://127.0.0.1:<port>
  int port() const { return port_; }
  // Kills the server (SIGKILL: connections drop as in a crash) and reaps it.
  void kill();
  // Starts it again on the same port, empty.
  void restart();
  // SIGSTOP / SIGCONT: connections stay open but nothing answers, as with a frozen host.
  void freeze();
  void thaw();

 private:
  void launch();

  std::vector<std::string> extra_args_;
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace marquee::testing
