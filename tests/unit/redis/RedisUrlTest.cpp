// redis.url as operators write it, and as a typo or a hostile value reaches it: every bad
// value is a clear validation error naming redis.url, never a crash or a guess.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/Error.h"
#include "redis/RedisUrl.h"

namespace marquee::redis {
namespace {

TEST(RedisUrl, TcpUrlsWithDefaultsPortsDatabasesAndCredentials) {
  RedisUrl plain = parse_redis_url("redis://cache.internal");
  EXPECT_EQ(plain.transport, RedisUrl::Transport::tcp);
  EXPECT_EQ(plain.host, "cache.internal");
  EXPECT_EQ(plain.port, 6379);
  EXPECT_EQ(plain.db, 0);
  EXPECT_EQ(plain.username, "");
  EXPECT_EQ(plain.password, "");

  RedisUrl full = parse_redis_url("redis://marquee:s%40cr%3At%2F@10.0.0.7:6380/3");
  EXPECT_EQ(full.host, "10.0.0.7");
  EXPECT_EQ(full.port, 6380);
  EXPECT_EQ(full.db, 3);
  EXPECT_EQ(full.username, "marquee");
  EXPECT_EQ(full.password, "s@cr:t/") << "percent-decoded";

  RedisUrl password_only = parse_redis_url("redis://:hunter2@localhost:7000/");
  EXPECT_EQ(password_only.username, "");
  EXPECT_EQ(password_only.password, "hunter2");
  EXPECT_EQ(password_only.db, 0);

  RedisUrl v6 = parse_redis_url("REDIS://[::1]:6390/1");
  EXPECT_EQ(v6.host, "::1");
  EXPECT_EQ(v6.port, 6390);
  EXPECT_EQ(v6.describe(), "redis://[::1]:6390/1");
}

TEST(RedisUrl, UnixSocketUrls) {
  RedisUrl socket = parse_redis_url("unix:///run/redis/redis.sock?db=2");
  EXPECT_EQ(socket.transport, RedisUrl::Transport::unix_socket);
  EXPECT_EQ(socket.socket_path, "/run/redis/redis.sock");
  EXPECT_EQ(socket.db, 2);
  RedisUrl with_password = parse_redis_url("unix://:pw@/tmp/r.sock");
  EXPECT_EQ(with_password.socket_path, "/tmp/r.sock");
  EXPECT_EQ(with_password.password, "pw");
}

TEST(RedisUrl, DescribeNeverShowsTheCredentials) {
  const RedisUrl url = parse_redis_url("redis://admin:topsecret@db.example:6379/4");
  EXPECT_EQ(url.describe(), "redis://db.example:6379/4");
  EXPECT_EQ(parse_redis_url("unix://:topsecret@/tmp/r.sock").describe().find("topsecret"), std::string::npos);
}

TEST(RedisUrl, BadValuesAreClearErrorsNamingTheSetting) {
  const std::vector<std::string> bad = {
      "",
      "localhost:6379",                    // no scheme
      "http://localhost:6379",             // another scheme
      "rediss://localhost:6379",           // TLS: not available
      "redis:localhost",                   // no authority
      "redis://",                          // no host
      "redis://:6379",                     // no host
      "redis://host:0",                    // port out of range
      "redis://host:65536",
      "redis://host:-1",
      "redis://host:63a",
      "redis://host:",                     // empty port
      "redis://host/abc",                  // database not a number
      "redis://host/1/2",
      "redis://host/-1",
      "redis://host/99999999999",          // database overflows
      "redis://host?db=1",                 // query on tcp
      "redis://host#frag",
      "redis://user@host",                 // a user without a password
      "redis://ho%00st",                   // NUL in the host
      "redis://ho%0d%0ast:6379",           // CR LF in the host
      "redis://[::1",                      // broken brackets
      "redis://[v1.fe]:6379",              // IPvFuture
      "redis://host name:6379",            // space
      "unix://",                           // no path
      "unix://host/tmp/r.sock",            // a host on a socket URL
      "unix:///tmp/r.sock?db=x",
      "unix:///tmp/r.sock?other=1",
      "unix:///tmp/r%00.sock",
      "unix:///" + std::string(200, 'a'),  // longer than sun_path
      "redis://" + std::string(5'000, 'a'),
  };
  for (const std::string& text : bad) {
    try {
      parse_redis_url(text);
      ADD_FAILURE() << "accepted: " << text.substr(0, 80);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::validation_failed) << text.substr(0, 80);
      EXPECT_EQ(std::string(e.what()).rfind("redis.url", 0), 0u) << e.what();
    }
  }
}

// Random bytes and mutations of good URLs: each either parses or is refused with Error;
// nothing else escapes (no crash, no other exception).
TEST(RedisUrl, HostileInputIsRefusedWithoutCrashing) {
  std::mt19937 random(20'240'611);
  const std::vector<std::string> seeds = {"redis://user:pw@host:6379/2", "unix://:pw@/tmp/r.sock?db=1",
                                          "redis://[::1]:6379/0"};
  const std::string alphabet = std::string("redis:/@[]%?#=.:0123456789abcdefxyz \t\r\n") + '\0' + "\xff\xc3\xa9";
  for (int round = 0; round < 20'000; ++round) {
    std::string text;
    if (round % 2 == 0) {
      text = seeds[round % seeds.size()];
      const int edits = 1 + static_cast<int>(random() % 4);
      for (int e = 0; e < edits && !text.empty(); ++e) {
        const std::size_t at = random() % text.size();
        switch (random() % 3) {
          case 0: text[at] = alphabet[random() % alphabet.size()]; break;
          case 1: text.erase(at, 1); break;
          default: text.insert(at, 1, alphabet[random() % alphabet.size()]);
        }
      }
    } else {
      const std::size_t length = random() % 64;
      for (std::size_t i = 0; i < length; ++i) text += static_cast<char>(random() % 256);
    }
    try {
      const RedisUrl url = parse_redis_url(text);
      if (url.transport == RedisUrl::Transport::tcp) {
        EXPECT_FALSE(url.host.empty()) << text;
        EXPECT_GE(url.port, 1);
        EXPECT_LE(url.port, 65'535);
      } else {
        EXPECT_EQ(url.socket_path.front(), '/') << text;
      }
      EXPECT_GE(url.db, 0);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::validation_failed);
    }
  }
}

}  // namespace
}  // namespace marquee::redis
