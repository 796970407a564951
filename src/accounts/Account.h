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
  std::string banner_url;  // a channel banner stored by profiles/ProfilePictures.h, or ""
  Role role = Role::user;
  bool is_premium = false;
  Millis created_at = 0;
  Millis updated_at = 0;
  // Standing with the moderators: suspended until a time (0: not), banned (terminated) when.
  Millis suspended_until = 0;
  Millis banned_at = 0;
  bool trusted = false;  // an admin exempted its uploads from pre-moderation
  // The age gate: when the user attested they are 18 or older (0: never), and their birth date.
  Millis adult_attested_at = 0;
  std::string birth_date;
  // Account security: a confirmed TOTP second factor; an admin's demand for a new password.
  bool two_factor = false;
  bool password_reset_required = false;

  Principal principal() const { return {id, username, role, is_premium, adult_attested_at != 0, birth_date}; }
  // Refused sign-in, refresh and sessions now.
  bool locked_out(Millis now) const { return banned_at != 0 || suspended_until > now; }
};

}  // namespace marquee::accounts
