// GET /metrics: loopback clients that came through no proxy, or the configured bearer token.
#include <gtest/gtest.h>

#include "ops/MetricsAccess.h"

namespace marquee::ops {
namespace {

http::Request from(std::string address, std::initializer_list<std::pair<const char*, const char*>> headers = {}) {
  http::Request r;
  r.remote_address = std::move(address);
  for (const auto& [k, v] : headers) r.headers.add(k, v);
  return r;
}

TEST(MetricsAccess, loopback_only_by_default) {
  MetricsAccess access("");
  for (const char* local : {"127.0.0.1", "127.3.4.5", "::1", "::ffff:127.0.0.1"}) EXPECT_TRUE(access.allows(from(local)));
  for (const char* remote : {"203.0.113.9", "10.0.0.1", "::ffff:192.0.2.1", "2001:db8::1", ""}) {
    EXPECT_FALSE(access.allows(from(remote))) << remote;
  }
  // A reverse proxy on this machine forwards outside clients from loopback.
  EXPECT_FALSE(access.allows(from("127.0.0.1", {{"X-Forwarded-For", "203.0.113.9"}})));
  EXPECT_FALSE(access.allows(from("127.0.0.1", {{"Forwarded", "for=203.0.113.9"}})));
  EXPECT_FALSE(access.allows(from("127.0.0.1", {{"X-Real-IP", "203.0.113.9"}})));
  EXPECT_FALSE(access.allows(from("203.0.113.9", {{"Authorization", "Bearer anything"}})));
}

TEST(MetricsAccess, the_configured_token_opens_it_to_any_client) {
  MetricsAccess access("scrape-secret-123");
  EXPECT_TRUE(access.allows(from("203.0.113.9", {{"Authorization", "Bearer scrape-secret-123"}})));
  EXPECT_TRUE(access.allows(from("127.0.0.1", {{"X-Forwarded-For", "1.2.3.4"}, {"Authorization", "bearer scrape-secret-123"}})));
  EXPECT_FALSE(access.allows(from("203.0.113.9", {{"Authorization", "Bearer scrape-secret-12"}})));
  EXPECT_FALSE(access.allows(from("203.0.113.9", {{"Authorization", "Basic scrape-secret-123"}})));
  EXPECT_TRUE(access.allows(from("127.0.0.1")));  // loopback still works without it
}

}  // namespace
}  // namespace marquee::ops
