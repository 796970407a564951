#pragma once
// HTTP routes of accounts: /api/auth/*, /api/me, /api/users/{username}, /api/admin/users/{id}.
#include "accounts/AccountService.h"
#include "accounts/RequestAuth.h"
#include "http/Router.h"

namespace marquee::accounts {

struct CookieOptions {
  bool secure = false;
  int access_ttl_seconds = 900;
};

void register_account_routes(http::Router& router, AccountService& service, const RequestAuth& auth,
                             CookieOptions cookies);

}  // namespace marquee::accounts
