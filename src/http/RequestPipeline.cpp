#include "http/RequestPipeline.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>

#include "core/Crypto.h"

namespace marquee::http {
namespace {

bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == ':';
  });
}

// A request id only needs to be unique, not unguessable: a per-thread counter through
// splitmix64 (a bijection, so no repeats within a thread) from a random start, plus a random
// byte per thread. Public ids of videos and accounts come from the CSPRNG; using it here too
// cost ~3 % of a hot read's CPU (a DRBG call and a getpid per request).
std::string new_request_id() {
  struct Generator {
    std::uint64_t state = 0;
    unsigned char thread_tag = 0;
    Generator() {
      const std::string seed = crypto::random_bytes(9);
      std::memcpy(&state, seed.data(), sizeof state);
      thread_tag = static_cast<unsigned char>(seed[8]);
    }
  };
  thread_local Generator generator;
  std::uint64_t z = (generator.state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  char bytes[9];
  std::memcpy(bytes, &z, sizeof z);
  bytes[8] = static_cast<char>(generator.thread_tag);
  return crypto::base64url_encode(std::string_view(bytes, sizeof bytes));  // 12 characters
}

bool is_json_content_type(const Request& request) {
  auto type = request.header("Content-Type");
  if (!type) return false;
  std::string_view media = type->substr(0, type->find(';'));
  while (!media.empty() && (media.back() == ' ' || media.back() == '\t')) media.remove_suffix(1);
  while (!media.empty() && (media.front() == ' ' || media.front() == '\t')) media.remove_prefix(1);
  if (iequals(media, "application/json")) return true;
  // Structured syntax suffix (RFC 6839): application/merge-patch+json and friends.
  return media.size() > 5 && media.starts_with("application/") && iequals(media.substr(media.size() - 5), "+json");
}

std::string join_methods(const std::vector<Method>& methods) {
  std::vector<std::string> names;
  for (Method m : methods) names.emplace_back(method_name(m));
  if (std::find(methods.begin(), methods.end(), Method::GET) != methods.end()) names.emplace_back("HEAD");
  names.emplace_back("OPTIONS");
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

RequestPipeline::RequestPipeline(const Router& router, Metrics& metrics, PipelineOptions options)
    : router_(router), metrics_(metrics), options_(std::move(options)), origins_(options_.cors_origins) {}

RequestPipeline::BodyPolicy RequestPipeline::body_policy(Method method, std::string_view path) const {
  BodyPolicy policy{false, options_.max_body_bytes, false, router_.match(method, path)};
  if (const Route* route = policy.match.route) {
    policy.streaming = static_cast<bool>(route->streaming);
    if (route->options.max_body_bytes) policy.max_bytes = *route->options.max_body_bytes;
    policy.has_fast_path = static_cast<bool>(route->options.fast_path);
  }
  return policy;
}

void RequestPipeline::assign_request_id(Request& request) const {
  auto incoming = request.header("X-Request-Id");
  request.request_id = incoming && sane_request_id(*incoming) ? std::string(*incoming) : new_request_id();
}

Response RequestPipeline::handle(Request& request) const {
  auto match = router_.match(request.method, request.path);
  return handle(request, match);
}

Response RequestPipeline::handle(Request& request, Router::Match& match) const {
  if (request.request_id.empty()) assign_request_id(request);
  Response response = dispatch(request, match);
  decorate(request, response);
  return response;
}

namespace {

// A service's 429 says how long to wait (details.retry_after_ms); Retry-After says it to HTTP.
void add_retry_after(const std::map<std::string, std::string>& details, Response& response) {
  const auto wait = details.find("retry_after_ms");
  if (wait == details.end()) return;
  std::int64_t ms = 0;
  auto [ptr, ec] = std::from_chars(wait->second.data(), wait->second.data() + wait->second.size(), ms);
  if (ec == std::errc() && ms > 0) response.headers.set("Retry-After", std::to_string((ms + 999) / 1000));
}

// Runs `fn`, turning exceptions into the error envelope (internal errors logged, not shown).
template <typename F>
Response guarded(const Request& request, F&& fn) {
  try {
    return fn();
  } catch (const Error& e) {
    if (e.code() == ErrorCode::internal) {
      spdlog::error("request {} {} failed: {}", request.request_id, request.path, e.what());
      return Response::error(ErrorCode::internal, "internal error");
    }
    Response refused = Response::error(e.code(), e.what(), e.details());
    if (e.code() == ErrorCode::rate_limited) add_retry_after(e.details(), refused);
    return refused;
  } catch (const std::exception& e) {
    spdlog::error("request {} {} failed: {}", request.request_id, request.path, e.what());
    return Response::error(ErrorCode::internal, "internal error");
  } catch (...) {
    spdlog::error("request {} {} failed with an unknown exception", request.request_id, request.path);
    return Response::error(ErrorCode::internal, "internal error");
  }
}

}  // namespace

std::optional<Response> RequestPipeline::try_fast(Request& request, const Router::Match& match) const {
  if (!match.route || !match.route->options.fast_path) return std::nullopt;
  assign_request_id(request);
  request.path_params = match.params;
  request.route_pattern = match.route->pattern;
  if (options_.gate && !request.admitted) {
    GateDecision admission = options_.gate->admit(request, *match.route, true);
    if (admission.outcome == GateDecision::Outcome::undecided) return std::nullopt;
    if (admission.outcome == GateDecision::Outcome::refuse) {
      decorate(request, *admission.refusal);
      return std::move(*admission.refusal);
    }
    request.admitted = true;
    request.rate_limit = admission.rate_limit;
  }
  bool declined = false;
  Response response = guarded(request, [&]() -> Response {
    auto answer = match.route->options.fast_path(request);
    if (!answer) {
      declined = true;
      return Response{};
    }
    return std::move(*answer);
  });
  if (declined) return std::nullopt;  // the pool answers; the request keeps its id
  response.rate_limit = request.rate_limit;
  decorate(request, response);
  return response;
}

RequestPipeline::StreamStart RequestPipeline::open_stream(Request& request, const Router::Match& match) const {
  assign_request_id(request);
  StreamStart start;
  if (!match.route || !match.route->streaming) {
    start.response = Response::error(ErrorCode::internal, "internal error");
  } else {
    request.path_params = match.params;
    request.route_pattern = match.route->pattern;
    if (auto refusal = admit(request, *match.route)) {
      start.response = std::move(*refusal);
    } else {
      start.response = guarded(request, [&]() -> Response {
        start.sink = match.route->streaming(request);
        return Response::no_content();
      });
    }
  }
  if (!start.sink) decorate(request, start.response);
  return start;
}

Response RequestPipeline::finish_stream(Request& request, BodySink& sink, bool body_complete) const {
  Response response = guarded(request, [&] { return sink.finish(body_complete); });
  response.rate_limit = request.rate_limit;
  decorate(request, response);
  return response;
}

void RequestPipeline::decorate(const Request& request, Response& response) const {
  response.headers.set("X-Request-Id", request.request_id);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "no-referrer");
  if (!response.headers.has("X-Frame-Options")) response.headers.set("X-Frame-Options", "DENY");
  if (!response.headers.has("Content-Security-Policy")) {
    response.headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
  if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
  add_cors_headers(request, response);
}

Response RequestPipeline::dispatch(Request& request, Router::Match& match) const {
  // CORS preflight and capability probes: answered for any routed path, before authentication.
  if (request.method == Method::OPTIONS && !match.route) {
    if (match.allowed.empty()) return Response::error(ErrorCode::not_found, "no route for " + request.path);
    Response r = Response::no_content();
    r.headers.set("Allow", join_methods(match.allowed));
    return r;
  }

  if (!match.route) {
    if (!match.allowed.empty()) {
      Response r = Response::error(ErrorCode::method_not_allowed,
                                   std::string(method_name(request.method)) + " is not allowed on " + request.path);
      r.headers.set("Allow", join_methods(match.allowed));
      return r;
    }
    return Response::error(ErrorCode::not_found, "no route for " + request.path);
  }
  request.path_params = std::move(match.params);
  request.route_pattern = match.route->pattern;
  if (auto refusal = admit(request, *match.route)) return std::move(*refusal);
  // A JSON route reads its body as JSON only when it says it is: a text/plain or form body
  // is what a cross-site page can send without a CORS preflight.
  if (!match.route->doc.request_schema.empty() && !request.body.empty() && !is_json_content_type(request)) {
    Response refused =
        Response::error(ErrorCode::unsupported_media_type, "the body must be JSON (Content-Type: application/json)");
    refused.rate_limit = request.rate_limit;  // counted like any answer of its class
    return refused;
  }
  if (match.route->streaming) {
    return Response::error(ErrorCode::internal, "streaming route reached the buffered path");
  }
  Response response = guarded(request, [&] { return match.route->handler(request); });
  response.rate_limit = request.rate_limit;
  return response;
}

std::optional<Response> RequestPipeline::admit(Request& request, const Route& route) const {
  if (!options_.gate || request.admitted) return std::nullopt;
  GateDecision admission = options_.gate->admit(request, route, false);
  if (admission.outcome == GateDecision::Outcome::refuse) return std::move(*admission.refusal);
  request.admitted = true;
  request.rate_limit = admission.rate_limit;
  return std::nullopt;
}


namespace {

// Adds `field` to the response's Vary, keeping what is there (Accept-Encoding on assets).
void add_vary(Response& response, std::string_view field) {
  auto current = response.headers.get("Vary");
  if (!current || current->empty()) return response.headers.set("Vary", std::string(field));
  if (current->find(field) != std::string_view::npos) return;
  response.headers.set("Vary", std::string(*current) + ", " + std::string(field));
}

}  // namespace

void RequestPipeline::add_cors_headers(const Request& request, Response& response) const {
  // With origins named, answers differ by Origin (one gets its name echoed, the others do not):
  // a shared cache must keep them apart, including the answer to a request without Origin.
  if (origins_.has_listed()) add_vary(response, "Origin");
  auto origin = request.header("Origin");
  if (!origin) return;
  if (origins_.listed(*origin)) {
    // A named origin may send the user's cookies: the answer is for that origin only.
    response.headers.set("Access-Control-Allow-Origin", std::string(*origin));
    response.headers.set("Access-Control-Allow-Credentials", "true");
  } else if (origins_.any()) {
    // Anyone may read what an anonymous caller may read; the browser then sends no cookie.
    response.headers.set("Access-Control-Allow-Origin", "*");
  } else {
    return;
  }
  response.headers.set("Access-Control-Expose-Headers",
                       "X-Request-Id, Location, ETag, Content-Range, Accept-Ranges, Upload-Offset, Upload-Length, "
                       "Upload-Metadata, Upload-Expires, Tus-Version, Tus-Resumable, Tus-Max-Size, Tus-Extension, "
                       "Marquee-Video-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset");
  if (request.method == Method::OPTIONS) {
    // The path's own methods and the request headers the API reads, never an echo of the asker's.
    auto allow = response.headers.get("Allow");
    response.headers.set("Access-Control-Allow-Methods", allow ? std::string(*allow) : "GET, HEAD, OPTIONS");
    response.headers.set("Access-Control-Allow-Headers",
                         "Authorization, Content-Type, X-Request-Id, Range, If-None-Match, If-Modified-Since, "
                         "Tus-Resumable, Upload-Length, Upload-Offset, Upload-Metadata, Upload-Checksum, "
                         "Upload-Defer-Length, Upload-Concat");
    response.headers.set("Access-Control-Max-Age", "600");
  }
}

void RequestPipeline::record(const Request& request, const Response& response, std::uint64_t bytes_sent,
                             std::chrono::steady_clock::duration elapsed) const {
  double seconds = std::chrono::duration<double>(elapsed).count();
  const std::string& route = request.route_pattern.empty() ? std::string("unmatched") : request.route_pattern;
  metrics_.record_request(std::string(method_name(request.method)), route, response.status, seconds);
  // The path as received (percent-encoded: no spaces or controls to forge fields with), without
  // the query, which may carry playback tokens.
  const std::string_view target = request.target;
  const std::string_view raw_path = target.empty() ? std::string_view(request.path) : target.substr(0, target.find('?'));
  spdlog::info("{} {} {} {}B {:.2f}ms id={} from={}", method_name(request.method), raw_path, response.status,
               bytes_sent, seconds * 1000, request.request_id, request.remote_address);
}

}  // namespace marquee::http
