#pragma once
// Who may read GET /metrics. Its counters name every route, admin routes included, and
// their traffic: by default only a scraper on this machine may read them, and only when the
// request came through no proxy (a reverse proxy on the same box would otherwise make every
// outside client look local). `metrics.token` opens it to any client with that bearer token.
#include <string>

#include "http/Request.h"

namespace marquee::ops {

class MetricsAccess {
 public:
  explicit MetricsAccess(std::string token) : token_(std::move(token)) {}

  bool allows(const http::Request& request) const;

 private:
  std::string token_;
};

// 127.0.0.0/8, ::1 and their IPv4-mapped forms.
bool is_loopback_address(std::string_view address);

}  // namespace marquee::ops
