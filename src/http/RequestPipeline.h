#pragma once
// Everything between the socket and a route's handler, independent of the transport so it
// is tested without a socket: request ids, routing (404, 405 + Allow), CORS (preflight and
// response headers; see OriginPolicy.h), the request gate (rate limits; RequestGate.h), JSON
// content type on JSON routes (415), security headers, turning exceptions into the error
// envelope, the access log and metrics.
#include <chrono>
#include <string>
#include <vector>

#include "http/Metrics.h"
#include "http/OriginPolicy.h"
#include "http/Request.h"
#include "http/RequestGate.h"
#include "http/Response.h"
#include "http/Router.h"

namespace marquee::http {

struct PipelineOptions {
  std::vector<std::string> cors_origins = {"*"};
  std::int64_t max_body_bytes = 1 << 20;
  const RequestGate* gate = nullptr;  // none: every routed request goes on
};

class RequestPipeline {
 public:
  RequestPipeline(const Router& router, Metrics& metrics, PipelineOptions options);

  // What the transport needs to know once the headers are in, and the route they matched:
  // the transport hands `match` back to try_fast(), handle() or open_stream(), so a request
  // is routed once.
  struct BodyPolicy {
    bool streaming = false;      // the route consumes its body through a BodySink
    std::int64_t max_bytes = 0;  // the route's own limit, else the default
    bool has_fast_path = false;  // try_fast() may answer without the blocking pool
    Router::Match match;
  };
  BodyPolicy body_policy(Method method, std::string_view path) const;

  // Never throws. Fills request.request_id (from X-Request-Id when it is sane).
  Response handle(Request& request) const;
  Response handle(Request& request, Router::Match& match) const;
  // Runs the route's fast path on the calling (I/O) thread; nullopt when it cannot answer
  // from memory and handle() must run on the blocking pool (with the same match, whose
  // params this call leaves in place). Never throws.
  std::optional<Response> try_fast(Request& request, const Router::Match& match) const;

  // Streaming routes, in two steps. open_stream runs the middleware and the route's
  // StreamingHandler: it yields either a sink to feed or a final response (an error).
  struct StreamStart {
    std::unique_ptr<BodySink> sink;
    Response response;  // meaningful when sink is null
  };
  StreamStart open_stream(Request& request, const Router::Match& match) const;
  Response finish_stream(Request& request, BodySink& sink, bool body_complete) const;

  // One access-log line and the metrics sample, once the response has been written.
  void record(const Request& request, const Response& response, std::uint64_t bytes_sent,
              std::chrono::steady_clock::duration elapsed) const;

  const Router& router() const { return router_; }

 private:
  Response dispatch(Request& request, Router::Match& match) const;
  void assign_request_id(Request& request) const;
  void decorate(const Request& request, Response& response) const;
  void add_cors_headers(const Request& request, Response& response) const;
  // The gate's refusal, if it refuses; nullopt when the request may go on (or went through
  // already on a fast path that declined).
  std::optional<Response> admit(Request& request, const Route& route) const;

  const Router& router_;
  Metrics& metrics_;
  PipelineOptions options_;
  OriginPolicy origins_;
};

}  // namespace marquee::http
