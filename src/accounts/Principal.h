#pragma once
// Who is calling: the signed-in account as the access token describes it. Roles are
// ordered: user < creator < moderator < admin; a higher role may do what a lower one may.
#include <optional>
#include <string>
#include <string_view>

namespace marquee::accounts {

enum class Role { user = 0, creator = 1, moderator = 2, admin = 3 };

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);

struct Principal {
  std::string user_id;
  std::string username;
  Role role = Role::user;
  bool is_premium = false;
  // The age gate (moderation/AgeGate.h): attested 18 or older, and the stated birth date.
  bool adult_attested = false;
  std::string birth_date;  // YYYY-MM-DD, or "" when not stated

  bool at_least(Role r) const { return static_cast<int>(role) >= static_cast<int>(r); }
  bool is_moderator() const { return at_least(Role::moderator); }
};

// The caller of a request, when there is one.
using Caller = std::optional<Principal>;

}  // namespace marquee::accounts
