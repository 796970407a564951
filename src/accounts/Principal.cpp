#include "accounts/Principal.h"

namespace marquee::accounts {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::user: return "user";
    case Role::creator: return "creator";
    case Role::moderator: return "moderator";
    case Role::admin: return "admin";
  }
  return "user";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : {Role::user, Role::creator, Role::moderator, Role::admin}) {
    if (role_name(r) == name) return r;
  }
  return std::nullopt;
}

}  // namespace marquee::accounts
