// Rate limits as a client meets them: every limited answer says how much is left, a refusal
// is 429 with Retry-After, each class and each caller (account or address) has its own
// allowance, X-Forwarded-For counts only from a trusted proxy (and an IPv6 client by its /64),
// staff may be exempt, probes never count, and with Redis two processes share one allowance.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <set>

#include "core/Crypto.h"
#include "core/Error.h"
#include "http/Router.h"
#include "limits/RouteClasses.h"
#include "support/TestRedis.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

void limited(Config& c) {
  c.limits_enabled = true;
  c.limits_sign_in = "3/1m";
  c.limits_read = "5/1m";
  c.limits_write = "off";
  c.limits_registration = "off";
}

std::string header(const HttpResult& r, const char* name) {
  auto value = r.headers.get(name);
  return value ? std::string(*value) : "";
}

HttpResult login(const TestClient& client, const std::string& who, const std::string& forwarded_for = "") {
  std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "application/json"}};
  if (!forwarded_for.empty()) headers.emplace_back("X-Forwarded-For", forwarded_for);
  return client.request("POST", "/api/auth/login",
                        boost::json::serialize(object{{"login", who}, {"password", "wrong-password-1"}}), headers);
}

HttpResult get_from(const TestClient& client, const std::string& target, const std::string& forwarded_for) {
  return client.request("GET", target, "", {{"X-Forwarded-For", forwarded_for}});
}

// A documentation address of its own per call (RFC 5737), so runs sharing a Redis never meet.
std::string fresh_address() {
  const std::string bytes = crypto::random_bytes(2);
  return "198.51." + std::to_string(static_cast<unsigned char>(bytes[0])) + "." +
         std::to_string(static_cast<unsigned char>(bytes[1]));
}

TEST(RateLimits, SignInsAreRefusedWith429AndRetryAfterOnceTheAllowanceIsSpent) {
  TestServer server(limited);
  const auto& client = server.client();
  for (int i = 0; i < 3; ++i) {
    const HttpResult r = login(client, "nobody");
    ASSERT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(header(r, "RateLimit-Limit"), "3");
    EXPECT_EQ(header(r, "RateLimit-Remaining"), std::to_string(2 - i));
    EXPECT_FALSE(header(r, "RateLimit-Reset").empty());
  }
  const HttpResult refused = login(client, "nobody");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.error_code(), "rate_limited");
  const int retry_after = std::stoi(header(refused, "Retry-After"));
  EXPECT_GE(retry_after, 1);
  EXPECT_LE(retry_after, 20);  // one sign-in comes back every 20 s at 3 a minute
  EXPECT_EQ(header(refused, "RateLimit-Remaining"), "0");
  EXPECT_EQ(refused.json().at("error").at("details").at("limit").as_string(), "sign_in");
  // Other classes have their own allowance, and probes are never limited.
  EXPECT_EQ(client.get("/api/videos/feed").status, 200);
  for (int i = 0; i < 20; ++i) ASSERT_EQ(client.get("/api/health").status, 200);
}

TEST(RateLimits, EachAccountHasItsOwnAllowanceApartFromItsAddress) {
  TestServer server([](Config& c) {
    limited(c);
    c.video_cache_ttl_ms = 60'000;  // GET /api/videos/{id} answers from memory, on the I/O thread
  });
  const auto& client = server.client();
  TestUser ada = server.register_user("ada");
  const auto created = client.post("/api/videos", object{{"title", "t"}, {"visibility", "public"}}, ada.access_token);
  ASSERT_EQ(created.status, 201);
  const std::string path = "/api/videos/" + std::string(created.json().at("id").as_string());
  for (int i = 0; i < 5; ++i) ASSERT_EQ(client.get(path).status, 200) << i;  // anonymous: this address's five
  const HttpResult anonymous = client.get(path);
  EXPECT_EQ(anonymous.status, 429);  // the fast path is limited too
  EXPECT_FALSE(header(anonymous, "Retry-After").empty());
  for (int i = 0; i < 5; ++i) {
    const HttpResult mine = client.get(path, ada.access_token);
    ASSERT_EQ(mine.status, 200) << i;
    EXPECT_EQ(header(mine, "RateLimit-Remaining"), std::to_string(4 - i));
  }
  EXPECT_EQ(client.get(path, ada.access_token).status, 429);
  // A broken token counts against the address, and still gets its 401 when there is room.
  EXPECT_EQ(client.get(path, "not-a-token").status, 429);
}

TEST(RateLimits, StaffAreExemptWhenTheOperatorSaysSo) {
  TestServer exempt(limited);
  TestUser mod = exempt.user_with_role("moderator", "mod");
  for (int i = 0; i < 8; ++i) ASSERT_EQ(exempt.client().get("/api/videos/feed", mod.access_token).status, 200) << i;

  TestServer strict([](Config& c) {
    limited(c);
    c.limits_exempt_staff = false;
  });
  TestUser admin = strict.user_with_role("admin", "root");
  int refused = 0;
  for (int i = 0; i < 8; ++i) refused += strict.client().get("/api/videos/feed", admin.access_token).status == 429;
  EXPECT_EQ(refused, 3);
}

TEST(RateLimits, ForwardedForCountsOnlyFromATrustedProxy) {
  TestServer direct(limited);
  // Not behind a trusted proxy: a client that makes up a new X-Forwarded-For per request
  // still spends its own address's allowance.
  int refused = 0;
  for (int i = 0; i < 8; ++i) refused += get_from(direct.client(), "/api/videos/feed", fresh_address()).status == 429;
  EXPECT_EQ(refused, 3);

  TestServer proxied([](Config& c) {
    limited(c);
    c.trusted_proxies = {"127.0.0.1", "::1"};
  });
  const auto& client = proxied.client();
  const std::string a = fresh_address();
  for (int i = 0; i < 5; ++i) ASSERT_EQ(get_from(client, "/api/videos/feed", a).status, 200);
  EXPECT_EQ(get_from(client, "/api/videos/feed", a).status, 429);
  // What the client wrote itself, to the left of what the proxy appended, changes nothing.
  EXPECT_EQ(get_from(client, "/api/videos/feed", "203.0.113.1, " + a).status, 429);
  EXPECT_EQ(get_from(client, "/api/videos/feed", fresh_address()).status, 200);
  // IPv6 clients count by their /64: hopping addresses inside it does not help.
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(get_from(client, "/api/videos/feed", "2001:db8:7:7::" + std::to_string(i + 1)).status, 200);
  }
  EXPECT_EQ(get_from(client, "/api/videos/feed", "2001:db8:7:7:ffff::1").status, 429);
  EXPECT_EQ(get_from(client, "/api/videos/feed", "2001:db8:7:8::1").status, 200);
}

TEST(RateLimits, ABadTrustedProxyStopsTheStartWithTheSettingsName) {
  try {
    TestServer server([](Config& c) { c.trusted_proxies = {"not-a-proxy"}; });
    ADD_FAILURE() << "the server started";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("http.trusted_proxies"), std::string::npos) << e.what();
  }
}

TEST(RateLimits, EveryRouteTheClassesNameExists) {
  // The classes name routes by pattern; a renamed route must not fall out of its class unseen.
  TestServer server;
  std::set<std::pair<http::Method, std::string>> routes;
  for (const auto& route : server.app().router().routes()) routes.emplace(route.method, route.pattern);
  for (const auto& [method, pattern] : limits::special_routes()) {
    EXPECT_TRUE(routes.count({method, std::string(pattern)})) << http::method_name(method) << " " << pattern;
  }
}

// Two processes on one Redis count against one allowance.
TEST(RateLimits, TwoProcessesSharingRedisShareTheAllowance) {
  if (!test_redis_url()) GTEST_SKIP() << "MARQUEE_TEST_REDIS_URL is not set; run under scripts/with-redis";
  auto node = [](Config& c) {
    limited(c);
    c.redis_url = *test_redis_url();
    c.events_bus = "in_process";  // separate databases: only the limits are shared
    c.trusted_proxies = {"127.0.0.1"};
  };
  TestServer a(node);
  TestServer b(node);
  const std::string client = fresh_address();
  ASSERT_EQ(login(a.client(), "nobody", client).status, 401);
  ASSERT_EQ(login(b.client(), "nobody", client).status, 401);
  ASSERT_EQ(login(a.client(), "nobody", client).status, 401);
  EXPECT_EQ(login(b.client(), "nobody", client).status, 429);
  EXPECT_EQ(login(a.client(), "nobody", client).status, 429);
  EXPECT_EQ(login(b.client(), "nobody", fresh_address()).status, 401);
}

}  // namespace
}  // namespace marquee::testing
