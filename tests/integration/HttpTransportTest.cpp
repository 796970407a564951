// The HTTP layer under real sockets: limits, timeouts, keep-alive, error envelopes for
// malformed input, and graceful shutdown. A bad client gets a clear 4xx or a closed
// connection, never a crash or a stuck worker.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <future>
#include <thread>

#include "http/HttpServer.h"
#include "support/TestServer.h"

namespace marquee::testing {
namespace {

using boost::json::object;

int status_of(const std::string& raw) { return raw.size() >= 12 ? std::stoi(raw.substr(9, 3)) : 0; }

struct Transport : ::testing::Test {
  TestServer server{[](Config& c) {
    c.header_timeout_ms = 500;
    c.idle_timeout_ms = 1000;
    c.read_timeout_ms = 500;
  }};
  const TestClient& client = server.client();
};

TEST_F(Transport, unknown_route_is_404_envelope_and_wrong_method_is_405_with_allow) {
  auto missing = client.get("/api/definitely-not-here");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.error_code(), "not_found");
  auto wrong = client.request("PUT", "/api/health", "{}");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.error_code(), "method_not_allowed");
  EXPECT_EQ(*wrong.headers.get("Allow"), "GET, HEAD, OPTIONS");
}

TEST_F(Transport, malformed_json_and_wrong_types_are_400) {
  auto broken = client.request("POST", "/api/auth/register", "{\"email\": ");
  EXPECT_EQ(broken.status, 400);
  EXPECT_EQ(broken.error_code(), "bad_request");
  EXPECT_EQ(client.request("POST", "/api/auth/register", "[1,2,3]").status, 400);
  EXPECT_EQ(client.request("POST", "/api/auth/register", "\"just a string\"").status, 400);
  std::string deep(10000, '[');
  EXPECT_EQ(client.request("POST", "/api/auth/register", deep).status, 400);
  EXPECT_EQ(client.request("POST", "/api/auth/login", R"({"login": ["x"], "password": "p"})").status, 400);
}

TEST_F(Transport, ten_megabyte_body_to_a_json_route_is_413) {
  std::string huge(10 * 1024 * 1024, 'a');
  auto r = client.request("POST", "/api/auth/register", huge);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(r.error_code(), "payload_too_large");
  // A chunked body that grows past the limit is cut off as well.
  std::string chunked = "POST /api/auth/register HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 20; ++i) chunked += "100000\r\n" + std::string(0x100000, 'b') + "\r\n";
  chunked += "0\r\n\r\n";
  EXPECT_EQ(status_of(client.raw(chunked)), 413);
  // And the server still serves.
  EXPECT_EQ(client.get("/api/health").status, 200);
}

TEST_F(Transport, garbage_request_line_gets_400_and_the_server_keeps_serving) {
  EXPECT_EQ(status_of(client.raw("HELLO THERE\r\n\r\n")), 400);
  EXPECT_EQ(status_of(client.raw("GET /api/health HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n")), 400);
  EXPECT_EQ(status_of(client.raw("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'x') + "\r\n\r\n")),
            400);
  EXPECT_EQ(client.get("/api/health").status, 200);
}

// RFC 9112 §6.3: a Transfer-Encoding that does not end in chunked leaves the body's length
// unknown; read as "no body", the body would be parsed as a second (smuggled) request.
TEST_F(Transport, transfer_encoding_not_ending_in_chunked_is_400_and_closes) {
  const std::string smuggled = "GET /api/ready HTTP/1.1\r\nHost: x\r\n\r\n";
  for (std::string coding : {"xchunked", "gzip", "identity", "chunked, identity", "chunked, chunked", "gzip, chunked",
                             "chunked;q=1, x", ";, chunked", ";q=1,chunked", "\"chunked\"", "chunked\t,identity"}) {
    std::string raw = client.raw("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding +
                                 "\r\n\r\n" + smuggled);
    EXPECT_EQ(status_of(raw), 400) << coding << ": " << raw;
    // One answer, then the connection closes: the smuggled request is never served.
    EXPECT_EQ(raw.find("HTTP/1.1", 5), std::string::npos) << coding << ": " << raw;
    EXPECT_NE(raw.find("Connection: close"), std::string::npos) << coding;
  }
  // Transfer-Encoding on HTTP/1.0, or beside Content-Length, is refused the same way.
  EXPECT_EQ(status_of(client.raw("POST /api/auth/login HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 "0\r\n\r\n")),
            400);
  std::string both = client.raw("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled);
  EXPECT_EQ(status_of(both), 400) << both;
  EXPECT_EQ(both.find("HTTP/1.1", 5), std::string::npos) << both;
  // Plain chunked still works.
  std::string body = R"({"login":"nobody","password":"wrong password"})";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  std::string chunked = client.raw("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                   "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + std::string(size) +
                                   "\r\n" + body + "\r\n0\r\n\r\n");
  EXPECT_EQ(status_of(chunked), 401) << chunked;
  EXPECT_EQ(client.get("/api/health").status, 200);
}

// RFC 9112 §3.2: exactly one Host on HTTP/1.1.
TEST_F(Transport, missing_duplicate_or_invalid_host_is_400) {
  EXPECT_EQ(status_of(client.raw("GET /api/health HTTP/1.1\r\n\r\n")), 400);
  EXPECT_EQ(status_of(client.raw("GET /api/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")), 400);
  EXPECT_EQ(status_of(client.raw("GET /api/health HTTP/1.1\r\nHost: evil.example/path\r\n\r\n")), 400);
  EXPECT_EQ(status_of(client.raw("GET /api/health HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n"
                                 "Content-Length: 0\r\n\r\n")),
            400);
  // HTTP/1.0 may omit Host; HTTP/1.1 with one is served.
  EXPECT_EQ(status_of(client.raw("GET /api/health HTTP/1.0\r\n\r\n")), 200);
  EXPECT_EQ(status_of(client.raw("GET /api/health HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n")),
            200);
}

TEST_F(Transport, slow_client_is_cut_off_by_the_header_timeout) {
  auto started = std::chrono::steady_clock::now();
  // Sends half a request and then nothing: the server must close within its header timeout.
  std::string answer = client.raw("GET /api/health HTTP/1.1\r\nHost: x\r\n", 5000);
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(answer.find("200 OK"), std::string::npos);
  EXPECT_LT(waited, std::chrono::seconds(4));  // closed by the server, not by our 5 s poll
}

TEST_F(Transport, keep_alive_serves_several_requests_on_one_connection) {
  std::string two = "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  std::string raw = client.raw(two);
  EXPECT_EQ(raw.find("HTTP/1.1 200"), 0u);
  EXPECT_NE(raw.find("HTTP/1.1 200", 10), std::string::npos);
  EXPECT_NE(raw.find("\"database\":\"ok\""), std::string::npos);
}

TEST_F(Transport, head_returns_headers_without_body) {
  auto r = client.request("HEAD", "/api/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_NE(std::stoi(std::string(*r.headers.get("Content-Length"))), 0);
}

TEST_F(Transport, cors_preflight_over_http) {
  auto r = client.request("OPTIONS", "/api/videos", "",
                          {{"Origin", "https://player.example"}, {"Access-Control-Request-Method", "POST"},
                           {"Access-Control-Request-Headers", "authorization, content-type"}});
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(*r.headers.get("Access-Control-Allow-Origin"), "*");
  EXPECT_FALSE(r.headers.get("Access-Control-Allow-Credentials"));
  EXPECT_NE(r.headers.get("Access-Control-Allow-Methods")->find("POST"), std::string_view::npos);
}

TEST_F(Transport, request_id_is_echoed_or_generated) {
  auto r = client.request("GET", "/api/health", "", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(*r.headers.get("X-Request-Id"), "abc-123");
  EXPECT_FALSE(client.get("/api/health").headers.get("X-Request-Id")->empty());
}

TEST_F(Transport, metrics_expose_requests_latency_and_pool) {
  client.get("/api/health");
  // Through a proxy on this machine the client is not local: refused.
  EXPECT_EQ(client.request("GET", "/metrics", "", {{"X-Forwarded-For", "203.0.113.9"}}).status, 403);
  auto r = client.get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(R"(marquee_http_requests_total{method="GET",route="/api/health",status="200"})"), std::string::npos);
  EXPECT_NE(r.body.find("marquee_http_request_duration_seconds_bucket{route=\"/api/health\""), std::string::npos);
  EXPECT_NE(r.body.find("marquee_db_pool_size"), std::string::npos);
  EXPECT_NE(r.body.find("marquee_db_pool_in_use"), std::string::npos);
}

TEST_F(Transport, unicode_and_percent_encoded_paths_are_handled) {
  EXPECT_EQ(client.get("/api/users/%E2%9C%93").status, 404);
  EXPECT_EQ(client.get("/api/users/..%2F..%2Fetc%2Fpasswd").status, 404);
  EXPECT_EQ(status_of(client.raw("GET /api/users/%zz HTTP/1.1\r\nHost: x\r\n\r\n")), 400);
}

TEST(GracefulShutdown, in_flight_requests_finish_and_new_connections_are_refused) {
  http::Router router;
  std::promise<void> entered;
  router.add(http::Method::GET, "/slow", [&](http::Request&) {
    entered.set_value();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    return http::Response::text(200, "finished");
  }, {});
  http::Metrics metrics;
  http::RequestPipeline pipeline(router, metrics, {});
  http::HttpServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  http::HttpServer server(options, pipeline);
  TestClient client(server.start());

  auto pending = std::async(std::launch::async, [&] { return client.get("/slow"); });
  entered.get_future().wait();
  server.stop(std::chrono::seconds(5));
  auto r = pending.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "finished");
  EXPECT_THROW(client.get("/slow"), std::exception);
}

}  // namespace
}  // namespace marquee::testing
