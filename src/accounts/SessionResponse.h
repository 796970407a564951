#pragma once
// How a session reaches a browser and an API client alike: the JSON body with both tokens,
// and the HttpOnly cookies (SameSite=Lax) a browser signs in with. Shared by sign-up, sign-in,
// refresh and the first-run admin (FirstRunRoutes.h).
#include "accounts/AccountService.h"
#include "core/Clock.h"
#include "http/Request.h"
#include "http/Response.h"

namespace marquee::accounts {

struct CookieOptions {
  bool secure = false;
  int access_ttl_seconds = 900;
};

// A Set-Cookie value: HttpOnly, SameSite=Lax, Secure when `secure`; max_age 0 removes it.
std::string cookie_header(const char* name, const std::string& value, const char* path, long long max_age, bool secure);
http::Response session_response(int status, const Session& s, const CookieOptions& options, Millis now);
// 204 that clears both cookies.
http::Response signed_out(const CookieOptions& options);
// The user agent (control characters blanked, 256 bytes at most) and address a session lists.
Device device_of(const http::Request& req);

}  // namespace marquee::accounts
