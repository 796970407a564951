#pragma once
// HTTP routes of account security: the caller's sessions (/api/me/sessions), the TOTP second
// factor (/api/me/2fa/totp) and an admin's forced password reset.
#include "accounts/AccountService.h"
#include "accounts/RequestAuth.h"
#include "http/Router.h"

namespace marquee::accounts {

void register_security_routes(http::Router& router, AccountService& service, const RequestAuth& auth);

}  // namespace marquee::accounts
