// The middleware a request passes through, without a socket.
#include <gtest/gtest.h>

#include "http/RequestPipeline.h"

#include <set>
#include <thread>
#include <vector>

namespace marquee::http {
namespace {

struct PipelineFixture : ::testing::Test {
  PipelineFixture() {
    router.add(Method::GET, "/ok", [](Request& r) { return Response::text(200, "hi " + r.request_id); }, {});
    router.add(Method::POST, "/ok", [](Request&) { return Response::no_content(); }, {});
    router.add(Method::GET, "/boom", [](Request&) -> Response { throw std::runtime_error("secret internals"); }, {});
    router.add(Method::GET, "/missing", [](Request&) -> Response { throw_not_found("video"); }, {});
    router.add(Method::PUT, "/json", [](Request&) { return Response::no_content(); },
               {"takes JSON", "test", Access::public_, "Thing", ""});
  }
  Response handle(Method m, std::string path, std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request req;
    req.method = m;
    req.target = path;
    req.parse_target();
    for (auto& [k, v] : headers) req.headers.add(k, v);
    return pipeline.handle(req);
  }
  Router router;
  Metrics metrics;
  RequestPipeline pipeline{router, metrics, {{"https://app.example"}, 1024}};
};

TEST_F(PipelineFixture, generates_request_id_or_keeps_a_sane_one) {
  auto r = handle(Method::GET, "/ok");
  auto id = r.headers.get("X-Request-Id");
  ASSERT_TRUE(id);
  EXPECT_GE(id->size(), 12u);
  auto kept = handle(Method::GET, "/ok", {{"X-Request-Id", "trace-42"}});
  EXPECT_EQ(*kept.headers.get("X-Request-Id"), "trace-42");
  auto replaced = handle(Method::GET, "/ok", {{"X-Request-Id", "bad id\r\nInjected: 1"}});
  EXPECT_NE(*replaced.headers.get("X-Request-Id"), "bad id\r\nInjected: 1");
}

TEST_F(PipelineFixture, generated_request_ids_never_repeat_across_threads) {
  // Four threads, 5,000 requests each: every id distinct, all of one 12-character shape.
  std::vector<std::vector<std::string>> per_thread(4);
  std::vector<std::thread> threads;
  for (auto& ids : per_thread) {
    threads.emplace_back([this, &ids] {
      for (int i = 0; i < 5000; ++i) ids.emplace_back(*handle(Method::GET, "/ok").headers.get("X-Request-Id"));
    });
  }
  for (auto& thread : threads) thread.join();
  std::set<std::string> distinct;
  for (const auto& ids : per_thread) {
    for (const auto& id : ids) {
      EXPECT_EQ(id.size(), 12u) << id;
      distinct.insert(id);
    }
  }
  EXPECT_EQ(distinct.size(), 4u * 5000u);
}

TEST_F(PipelineFixture, unknown_route_gets_404_envelope) {
  auto r = handle(Method::GET, "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find(R"("code":"not_found")"), std::string::npos);
}

TEST_F(PipelineFixture, wrong_method_gets_405_with_allow) {
  auto r = handle(Method::DELETE, "/ok");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(*r.headers.get("Allow"), "GET, HEAD, OPTIONS, POST");
}

TEST_F(PipelineFixture, internal_errors_hide_their_message) {
  auto r = handle(Method::GET, "/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret internals"), std::string::npos);
}

TEST_F(PipelineFixture, domain_errors_map_to_status) {
  auto r = handle(Method::GET, "/missing");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("video not found"), std::string::npos);
}

TEST_F(PipelineFixture, security_headers_are_set) {
  auto r = handle(Method::GET, "/ok");
  EXPECT_EQ(*r.headers.get("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(*r.headers.get("X-Frame-Options"), "DENY");
  EXPECT_TRUE(r.headers.has("Content-Security-Policy"));
}

TEST_F(PipelineFixture, cors_allows_configured_origin_only) {
  auto allowed = handle(Method::GET, "/ok", {{"Origin", "https://app.example"}});
  EXPECT_EQ(*allowed.headers.get("Access-Control-Allow-Origin"), "https://app.example");
  auto other = handle(Method::GET, "/ok", {{"Origin", "https://evil.example"}});
  EXPECT_FALSE(other.headers.has("Access-Control-Allow-Origin"));
}

TEST_F(PipelineFixture, a_listed_origin_may_send_credentials_and_gets_its_own_answer) {
  auto allowed = handle(Method::GET, "/ok", {{"Origin", "https://app.example"}});
  EXPECT_EQ(*allowed.headers.get("Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(*allowed.headers.get("Vary"), "Origin");
}

TEST(PipelineCors, star_lets_any_origin_read_without_credentials) {
  Router router;
  router.add(Method::GET, "/ok", [](Request&) { return Response::text(200, "hi"); }, {});
  Metrics metrics;
  RequestPipeline pipeline{router, metrics, {{"*"}, 1024}};
  for (std::string origin : {"https://evil.example", "null", "http://localhost:3000"}) {
    Request req;
    req.method = Method::GET;
    req.target = "/ok";
    req.parse_target();
    req.headers.add("Origin", origin);
    auto r = pipeline.handle(req);
    EXPECT_EQ(*r.headers.get("Access-Control-Allow-Origin"), "*") << origin;
    EXPECT_FALSE(r.headers.has("Access-Control-Allow-Credentials")) << origin;
  }
}

TEST_F(PipelineFixture, preflight_answers_without_running_the_handler) {
  auto r = handle(Method::OPTIONS, "/ok", {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "POST"},
                                           {"Access-Control-Request-Headers", "x-evil, authorization"}});
  EXPECT_EQ(r.status, 204);
  // The path's own methods, not every method; the headers the API reads, not an echo.
  EXPECT_EQ(*r.headers.get("Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS, POST");
  auto headers = std::string(*r.headers.get("Access-Control-Allow-Headers"));
  EXPECT_EQ(headers.find("x-evil"), std::string::npos) << headers;
  EXPECT_NE(headers.find("Authorization"), std::string::npos) << headers;
  EXPECT_EQ(handle(Method::OPTIONS, "/nope").status, 404);
}

TEST_F(PipelineFixture, json_routes_refuse_bodies_that_are_not_json) {
  auto request = [&](const char* type, std::string body) {
    Request req;
    req.method = Method::PUT;
    req.target = "/json";
    req.parse_target();
    if (type) req.headers.add("Content-Type", type);
    req.body = std::move(body);
    return pipeline.handle(req).status;
  };
  EXPECT_EQ(request("text/plain", R"({"a":1})"), 415);
  EXPECT_EQ(request("application/x-www-form-urlencoded", "a=1"), 415);
  EXPECT_EQ(request("multipart/form-data; boundary=x", "--x--"), 415);
  EXPECT_EQ(request(nullptr, R"({"a":1})"), 415);
  EXPECT_EQ(request("application/json", R"({"a":1})"), 204);
  EXPECT_EQ(request("Application/JSON; charset=utf-8", R"({"a":1})"), 204);
  EXPECT_EQ(request("application/merge-patch+json", R"({"a":1})"), 204);
  EXPECT_EQ(request("text/plain", ""), 204);  // no body, nothing to read
}

TEST_F(PipelineFixture, metrics_count_requests_by_route_and_status) {
  Request req;
  req.method = Method::GET;
  req.route_pattern = "/ok";
  Response resp = Response::text(200, "x");
  pipeline.record(req, resp, 1, std::chrono::milliseconds(3));
  auto text = metrics.render();
  EXPECT_NE(text.find(R"(marquee_http_requests_total{method="GET",route="/ok",status="200"} 1)"), std::string::npos);
  EXPECT_NE(text.find("marquee_http_request_duration_seconds_bucket"), std::string::npos);
}

}  // namespace
}  // namespace marquee::http
