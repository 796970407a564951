#include "accounts/RequestAuth.h"

#include "core/Error.h"

namespace marquee::accounts {

Caller RequestAuth::caller(const http::Request& request) const {
  std::string token;
  if (auto authorization = request.header("Authorization")) {
    constexpr std::string_view prefix = "Bearer ";
    if (authorization->size() <= prefix.size() || !http::iequals(authorization->substr(0, prefix.size()), prefix)) {
      throw Error(ErrorCode::unauthorized, "Authorization must be 'Bearer <access token>'");
    }
    token = std::string(authorization->substr(prefix.size()));
  } else if (auto cookie = request.cookie(kAccessCookie)) {
    token = *cookie;
  } else {
    return std::nullopt;
  }
  auto claims = signer_.verify(token);
  if (!claims) throw Error(ErrorCode::unauthorized, "access token is invalid or expired");
  return claims->principal;
}

Principal RequestAuth::require_user(const http::Request& request) const {
  auto who = caller(request);
  if (!who) throw_unauthorized("sign in to do this");
  return *who;
}

Principal RequestAuth::require_role(const http::Request& request, Role role) const {
  Principal who = require_user(request);
  if (!who.at_least(role)) throw_forbidden("this needs the " + std::string(role_name(role)) + " role");
  return who;
}

}  // namespace marquee::accounts
