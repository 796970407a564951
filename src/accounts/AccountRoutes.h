#pragma once
// HTTP routes of accounts: /api/auth/*, /api/me, /api/users/{username}, /api/admin/users/{id}.
#include <boost/json/object.hpp>

#include <functional>

#include "accounts/AccountService.h"
#include "accounts/RequestAuth.h"
#include "accounts/SessionResponse.h"
#include "http/Router.h"

namespace marquee::accounts {

// Fields other features add to a public profile (a channel's subscriber and video counts)
// and to the caller's own account (unread notifications), so accounts need not know those
// features.
using ProfileFields = std::function<boost::json::object(const Account& account)>;

void register_account_routes(http::Router& router, AccountService& service, const RequestAuth& auth,
                             CookieOptions cookies, ProfileFields profile_fields = {}, ProfileFields me_fields = {});

}  // namespace marquee::accounts
