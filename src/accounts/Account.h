#pragma once
// An account as stored. The password hash never leaves the accounts feature.
#include <string>

#include "accounts/Principal.h"
#include "core/Clock.h"

namespace marquee::accounts {

struct Account {
  std::string id;
  std::string email;
  std::string username;
  std::string password_hash;
  std::string display_name;
  std::string bio;
  std::string avatar_url;
  Role role = Role::user;
  bool is_premium = false;
  Millis created_at = 0;
  Millis updated_at = 0;

  Principal principal() const { return {id, username, role, is_premium}; }
};

}  // namespace marquee::accounts
