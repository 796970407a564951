#pragma once
// JSON shapes of accounts: the private view (the account's own, with email) and the
// public profile (what anyone may see of a channel).
#include <boost/json/object.hpp>

#include "accounts/Account.h"

namespace marquee::accounts {

boost::json::object private_account_json(const Account& account);
boost::json::object public_profile_json(const Account& account);

}  // namespace marquee::accounts
