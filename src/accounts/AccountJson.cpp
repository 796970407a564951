#include "accounts/AccountJson.h"

namespace marquee::accounts {

boost::json::object public_profile_json(const Account& a) {
  return {{"id", a.id},
          {"username", a.username},
          {"display_name", a.display_name},
          {"bio", a.bio},
          {"avatar_url", a.avatar_url},
          {"banner_url", a.banner_url},
          {"role", role_name(a.role)},
          {"created_at", to_rfc3339(a.created_at)}};
}

boost::json::object private_account_json(const Account& a) {
  auto out = public_profile_json(a);
  out["email"] = a.email;
  out["is_premium"] = a.is_premium;
  out["updated_at"] = to_rfc3339(a.updated_at);
  out["adult_attested"] = a.adult_attested_at != 0;
  out["birth_date"] = a.birth_date.empty() ? boost::json::value(nullptr) : boost::json::value(a.birth_date);
  out["trusted"] = a.trusted;
  out["two_factor"] = a.two_factor;
  return out;
}

}  // namespace marquee::accounts
