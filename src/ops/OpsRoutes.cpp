#include "ops/OpsRoutes.h"

#include <boost/json/serialize.hpp>

#include <chrono>
#include <memory>
#include <mutex>

#include "ops/OpenApi.h"

namespace marquee::ops {

void register_ops_routes(http::Router& router, db::Database& db, const http::Metrics& metrics, MetricsAccess access,
                         std::vector<ReadinessCheck> checks) {
  using http::Method;
  using http::Request;
  using http::Response;
  auto started = std::chrono::steady_clock::now();

  router.add_inline(
      Method::GET, "/api/health",
      [started](Request&) {
        auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
        return Response::json(200, boost::json::object{{"status", "ok"},
                                                       {"version", MARQUEE_VERSION},
                                                       {"uptime_s", uptime.count()}});
      },
      {"Liveness: the process is up", "ops", http::Access::public_, "", "Health"});

  router.add(
      Method::GET, "/api/ready",
      [&db, checks = std::move(checks)](Request&) {
        if (!db.ping()) {
          Response r = Response::error(ErrorCode::unavailable, "database is not reachable");
          return r;
        }
        boost::json::object body{{"status", "ready"}, {"database", "ok"}};
        boost::json::object problems;
        for (const ReadinessCheck& check : checks) {
          std::string problem;
          try {
            problem = check.problem();
          } catch (const std::exception& e) {
            problem = e.what();
          }
          body[check.name] = problem.empty() ? "ok" : "degraded";
          if (!problem.empty()) problems[check.name] = problem;
        }
        if (!problems.empty()) {
          body["status"] = "degraded";
          body["problems"] = std::move(problems);
        }
        return Response::json(200, body);
      },
      {"Readiness: the database answers (else 503); the blob store and Redis are reported, degraded when they do "
       "not",
       "ops", http::Access::public_, "", "Ready"});

  router.add_inline(
      Method::GET, "/metrics",
      [&metrics, access](Request& request) {
        if (!access.allows(request)) {
          throw Error(ErrorCode::forbidden,
                      "metrics are served to loopback clients, or to any client with the metrics.token bearer token");
        }
        return Response::text(200, metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
      },
      {"Prometheus metrics (loopback clients, or with the metrics.token bearer token)", "ops", http::Access::public_,
       "", ""});

  // Built once, on first request: by then every route is registered.
  auto document = std::make_shared<std::string>();
  auto once = std::make_shared<std::once_flag>();
  router.add_inline(
      Method::GET, "/api/openapi.json",
      [&router, document, once](Request&) {
        std::call_once(*once, [&] { *document = boost::json::serialize(build_openapi(router)); });
        Response r = Response::text(200, *document, "application/json");
        r.headers.set("Cache-Control", "public, max-age=300");
        return r;
      },
      {"This API's OpenAPI 3.1 description", "ops", http::Access::public_, "", ""});
}

}  // namespace marquee::ops
