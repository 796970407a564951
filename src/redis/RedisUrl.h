#pragma once
// Where a Redis server is and how to sign in to it, from the `redis.url` setting:
//   redis://[[user]:password@]host[:port][/db]      TCP (port 6379, database 0 by default)
//   unix://[[user]:password@]/path/to/redis.sock[?db=N]
// The user and password are percent-decoded; a user needs Redis 6 ACLs (AUTH user pass),
// a password alone is the classic requirepass (AUTH pass). TLS (rediss://) is refused:
// hiredis 0.14 from Debian bookworm has no TLS. Nothing else about a bad URL is guessed
// either: it is a clear Error(validation_failed) naming what is wrong, never a crash.
#include <string>
#include <string_view>

namespace marquee::redis {

struct RedisUrl {
  enum class Transport { tcp, unix_socket };
  Transport transport = Transport::tcp;
  std::string host;         // tcp: a name or an IPv4/IPv6 address (without brackets)
  int port = 6379;          // tcp
  std::string socket_path;  // unix_socket
  std::string username;     // empty: the default user
  std::string password;     // empty: no AUTH
  int db = 0;

  // The server and database, never the credentials: what logs and errors may show.
  std::string describe() const;
};

RedisUrl parse_redis_url(std::string_view text);

}  // namespace marquee::redis
