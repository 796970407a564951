#pragma once
// A parsed HTTP request as handlers see it: no Beast types, so features and their tests
// never compile the transport. The body is fully buffered (bounded by the route's limit).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/Headers.h"
#include "http/Method.h"
#include "http/RateLimitFields.h"

namespace marquee::http {

struct Request {
  Method method = Method::GET;
  std::string target;        // as received: path and query
  std::string path;          // percent-decoded path
  std::string query_string;  // raw, without '?'
  Headers headers;
  std::string body;
  std::string remote_address;
  std::string request_id;
  std::map<std::string, std::string> path_params;  // filled by the router
  std::string route_pattern;                        // e.g. /api/videos/{id}; empty when unrouted
  // Set once the request gate let it pass (a fast path that declines hands the request on
  // to the pool already admitted), with the allowance its answer reports.
  bool admitted = false;
  std::optional<RateLimitFields> rate_limit;
  // Who sent it, once resolved (accounts/RequestAuth.h, which owns what `caller_memo` points
  // to): the gate and the handler both ask, and the token is checked once. Null while not
  // resolved, or for an anonymous request when `anonymous_memo` is set (no allocation).
  mutable std::shared_ptr<const void> caller_memo;
  mutable bool anonymous_memo = false;

  std::optional<std::string_view> header(std::string_view name) const { return headers.get(name); }
  // First value of a query parameter, percent-decoded.
  std::optional<std::string> query(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  const std::string& param(const std::string& name) const;

  // Fills path and query_string from target. Returns false when the target is not a valid
  // origin-form URI.
  bool parse_target();
};

}  // namespace marquee::http
