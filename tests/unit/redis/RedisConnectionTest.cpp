// A connection to Redis as the bus and the rate limiter use it: pipelined, binary-safe,
// signed in and on the URL's database, and never waiting past its deadline or a stop
// signal on a Redis that is gone or frozen. Needs MARQUEE_TEST_REDIS_URL (scripts/with-redis)
// and skips without it.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/Ids.h"
#include "core/StopSignal.h"
#include "redis/RedisConnection.h"
#include "support/TestRedis.h"

namespace marquee::redis {
namespace {

using namespace std::chrono_literals;
using testing::OwnRedisServer;

WaitLimits within(std::chrono::milliseconds limit, int stop_fd = -1) {
  return WaitLimits{SteadyClock::now() + limit, stop_fd, std::nullopt};
}

std::unique_ptr<RedisConnection> connect(const std::string& url, std::string& error,
                                         std::chrono::milliseconds limit = 5s) {
  WaitLimits limits = within(limit);
  return RedisConnection::open(parse_redis_url(url), "marquee-test", limits, error);
}

class RedisConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::test_redis_url()) GTEST_SKIP() << "MARQUEE_TEST_REDIS_URL is not set; run under scripts/with-redis";
  }
};

TEST_F(RedisConnectionTest, PipelinesCommandsAndKeepsBytesIntact) {
  std::string error;
  auto conn = connect(*testing::test_redis_url(), error);
  ASSERT_TRUE(conn) << error;
  const std::string key = "marquee:test:" + new_public_id();
  const std::string value("a\r\nb\0c \xff", 8);
  std::vector<RedisReply> replies;
  WaitLimits limits = within(5s);
  ASSERT_EQ(conn->run({{"SET", key, value, "PX", "60000"}, {"GET", key}, {"GET", key + ":absent"}, {"NOSUCHCOMMAND"}},
                      replies, limits, error),
            RedisIo::ok)
      << error;
  ASSERT_EQ(replies.size(), 4u);
  EXPECT_EQ(replies[0].type, RedisReply::Type::status);
  EXPECT_EQ(replies[1].type, RedisReply::Type::string);
  EXPECT_EQ(replies[1].text, value);
  EXPECT_EQ(replies[2].type, RedisReply::Type::nil);
  EXPECT_TRUE(replies[3].is_error("ERR")) << "an error reply is a reply, not a failure";
  EXPECT_TRUE(conn->usable());
  RedisReply name;
  ASSERT_EQ(conn->run({"CLIENT", "GETNAME"}, name, limits, error), RedisIo::ok);
  EXPECT_EQ(name.text, "marquee-test") << "named, for CLIENT LIST";
}

TEST_F(RedisConnectionTest, SelectsTheUrlsDatabase) {
  const std::string key = "marquee:test:" + new_public_id();
  std::string error;
  auto in_db_3 = connect(*testing::test_redis_url() + "/3", error);
  ASSERT_TRUE(in_db_3) << error;
  RedisReply reply;
  WaitLimits limits = within(5s);
  ASSERT_EQ(in_db_3->run({"SET", key, "x", "PX", "60000"}, reply, limits, error), RedisIo::ok);
  EXPECT_EQ(testing::redis_command(*testing::test_redis_url() + "/3", {"GET", key}).text, "x");
  EXPECT_EQ(testing::redis_command(*testing::test_redis_url(), {"GET", key}).type, RedisReply::Type::nil);
}

TEST_F(RedisConnectionTest, SignsInWithAPasswordOrAnAclUser) {
  OwnRedisServer server({"--requirepass", "s3cret:/@", "--user", "marquee", "on", ">user-pass", "~*", "&*", "+@all"});
  const std::string port = std::to_string(server.port());
  std::string error;
  EXPECT_FALSE(connect("redis://127.0.0.1:" + port, error));
  EXPECT_NE(error.find("NOAUTH"), std::string::npos) << error;
  EXPECT_FALSE(connect("redis://:wrong@127.0.0.1:" + port, error));
  EXPECT_NE(error.find("AUTH failed"), std::string::npos) << error;
  EXPECT_EQ(error.find("wrong"), std::string::npos) << "the password is not in the message: " << error;

  auto by_password = connect("redis://:s3cret%3A%2F%40@127.0.0.1:" + port, error);
  ASSERT_TRUE(by_password) << error;
  auto by_user = connect("redis://marquee:user-pass@127.0.0.1:" + port + "/1", error);
  ASSERT_TRUE(by_user) << error;
  RedisReply reply;
  WaitLimits limits = within(5s);
  ASSERT_EQ(by_user->run({"ACL", "WHOAMI"}, reply, limits, error), RedisIo::ok);
  EXPECT_EQ(reply.text, "marquee");
}

TEST_F(RedisConnectionTest, ConnectsOverAUnixSocket) {
  const std::string socket = "/tmp/marquee-test-redis-" + new_public_id() + ".sock";
  OwnRedisServer server({"--unixsocket", socket});
  std::string error;
  auto conn = connect("unix://" + socket + "?db=2", error);
  ASSERT_TRUE(conn) << error;
  RedisReply reply;
  WaitLimits limits = within(5s);
  ASSERT_EQ(conn->run({"CLIENT", "INFO"}, reply, limits, error), RedisIo::ok) << error;
  EXPECT_NE(reply.text.find(" db=2 "), std::string::npos) << reply.text;
  EXPECT_NE(reply.text.find("flags=U"), std::string::npos) << "a unix socket client: " << reply.text;
}

TEST_F(RedisConnectionTest, NothingListeningFailsAtOnce) {
  std::optional<OwnRedisServer> server(std::in_place);
  const std::string url = server->url();
  server.reset();  // the port is free again: nothing listens on it
  std::string error;
  const auto started = SteadyClock::now();
  EXPECT_FALSE(connect(url, error, 5s));
  EXPECT_LT(SteadyClock::now() - started, 1s) << "refused, not timed out";
  EXPECT_FALSE(error.empty());
}

TEST_F(RedisConnectionTest, AFrozenRedisCostsNoMoreThanTheDeadlineAndAStopEndsTheWait) {
  OwnRedisServer server;
  std::string error;
  auto conn = connect(server.url(), error);
  ASSERT_TRUE(conn) << error;
  server.freeze();

  RedisReply reply;
  WaitLimits limits = within(300ms);
  auto started = SteadyClock::now();
  EXPECT_EQ(conn->run({"PING"}, reply, limits, error), RedisIo::timed_out);
  EXPECT_GE(SteadyClock::now() - started, 300ms);
  EXPECT_LT(SteadyClock::now() - started, 2s);
  EXPECT_FALSE(conn->usable()) << "a reply left unread would answer the next command";

  // A new connection is accepted by the kernel, but the handshake gets no answer.
  StopSignal stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(200ms);
    stop.raise();
  });
  WaitLimits stoppable = within(30s, stop.fd());
  started = SteadyClock::now();
  EXPECT_FALSE(RedisConnection::open(parse_redis_url(server.url()), "marquee-test", stoppable, error));
  EXPECT_LT(SteadyClock::now() - started, 5s) << "the stop signal ended the wait";
  EXPECT_NE(error.find("stop"), std::string::npos) << error;
  stopper.join();
  server.thaw();
}

TEST_F(RedisConnectionTest, AConnectionTheServerClosedIsNotReused) {
  std::string error;
  auto conn = connect(*testing::test_redis_url(), error);
  ASSERT_TRUE(conn) << error;
  RedisReply id;
  WaitLimits limits = within(5s);
  ASSERT_EQ(conn->run({"CLIENT", "ID"}, id, limits, error), RedisIo::ok);
  EXPECT_TRUE(conn->usable());
  testing::redis_command(*testing::test_redis_url(), {"CLIENT", "KILL", "ID", std::to_string(id.integer)});
  const auto deadline = SteadyClock::now() + 5s;
  while (conn->usable() && SteadyClock::now() < deadline) std::this_thread::sleep_for(5ms);
  EXPECT_FALSE(conn->usable());
}

}  // namespace
}  // namespace marquee::redis
