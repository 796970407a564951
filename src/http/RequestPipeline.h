#pragma once
// Everything between the socket and a route's handler, independent of the transport so it
// is tested without a socket: request ids, routing (404, 405 + Allow), CORS (preflight and
// response headers), security headers, turning exceptions into the error envelope, the
// access log and metrics.
#include <chrono>
#include <string>
#include <vector>

#include "http/Metrics.h"
#include "http/Request.h"
#include "http/Response.h"
#include "http/Router.h"

namespace marquee::http {

struct PipelineOptions {
  std::vector<std::string> cors_origins = {"*"};
  std::int64_t max_body_bytes = 1 << 20;
};

class RequestPipeline {
 public:
  RequestPipeline(const Router& router, Metrics& metrics, PipelineOptions options);

  // Never throws. Fills request.request_id (from X-Request-Id when it is sane).
  Response handle(Request& request) const;

  // The body limit that applies to a request for `path` (the route's own, else the default).
  std::int64_t body_limit(Method method, std::string_view path) const;

  // One access-log line and the metrics sample, once the response has been written.
  void record(const Request& request, const Response& response, std::uint64_t bytes_sent,
              std::chrono::steady_clock::duration elapsed) const;

  const Router& router() const { return router_; }

 private:
  Response dispatch(Request& request) const;
  void add_cors_headers(const Request& request, Response& response) const;

  const Router& router_;
  Metrics& metrics_;
  PipelineOptions options_;
};

}  // namespace marquee::http
