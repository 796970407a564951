#pragma once
// Which web origins may use the API from a browser, from `http.cors_origins`:
// - CORS: `*` lets any origin read answers, but *without* credentials (no cookies); only
//   origins listed by name are echoed with Access-Control-Allow-Credentials.
// - Cookie CSRF: a state-changing request authenticated by a cookie must come from this
//   site itself (Origin's host:port is the request's Host) or from a listed origin. Without
//   an Origin header, Sec-Fetch-Site decides; a request carrying neither is not from a
//   browser (browsers send Origin on every cross-origin and same-origin unsafe request), so
//   no victim's cookie can have been sent by another site.
#include <string>
#include <string_view>
#include <vector>

#include "http/Request.h"

namespace marquee::http {

class OriginPolicy {
 public:
  // `public_url` (how clients reach this server, when configured) counts as this site too,
  // for deployments where a proxy does not pass the public Host through.
  // With `https_only` (auth.cookie_secure: the site is served over HTTPS), a page of this
  // site's host over plain http (a network attacker's injection) is not the site itself.
  explicit OriginPolicy(std::vector<std::string> cors_origins, std::string_view public_url = {},
                        bool https_only = false);

  // True when `origin` was configured by name (it may send credentials).
  bool listed(std::string_view origin) const;
  // True when at least one origin is configured by name.
  bool has_listed() const { return !listed_.empty(); }
  // True when `*` is configured (any origin may read, without credentials).
  bool any() const { return any_; }
  // True when a cookie on this request may authorize it: safe methods always, unsafe ones
  // only from the site itself or a listed origin.
  bool cookie_may_authorize(const Request& request) const;

 private:
  std::vector<std::string> listed_;
  bool any_ = false;
  bool https_only_ = false;
};

// True for GET, HEAD and OPTIONS: methods a cross-site page may trigger that change nothing.
bool is_safe_method(Method method);

}  // namespace marquee::http
