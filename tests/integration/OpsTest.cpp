// Operational endpoints as an operator and a load balancer see them.
#include <gtest/gtest.h>

#include "support/TestServer.h"

namespace marquee::testing {
namespace {

TEST(Ops, health_reports_ok_with_version) {
  TestServer server;
  auto r = server.client().get("/api/health");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().as_object().at("status").as_string(), "ok");
  EXPECT_EQ(r.json().as_object().at("version").as_string(), MARQUEE_VERSION);
  EXPECT_TRUE(r.headers.has("X-Request-Id"));
}

TEST(Ops, ready_checks_the_database) {
  TestServer server;
  auto r = server.client().get("/api/ready");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().as_object().at("database").as_string(), "ok");
}

}  // namespace
}  // namespace marquee::testing
