#include "accounts/RequestAuth.h"

#include "core/Error.h"

namespace marquee::accounts {

std::string RequestAuth::token_of(const http::Request& request) const {
  if (auto authorization = request.header("Authorization")) {
    constexpr std::string_view prefix = "Bearer ";
    if (authorization->size() <= prefix.size() || !http::iequals(authorization->substr(0, prefix.size()), prefix)) {
      throw Error(ErrorCode::unauthorized, "Authorization must be 'Bearer <access token>'");
    }
    return std::string(authorization->substr(prefix.size()));
  }
  if (auto cookie = request.cookie(kAccessCookie)) {
    require_trusted_cookie_origin(request);
    return *cookie;
  }
  return "";
}

AccessClaims RequestAuth::require_session(const http::Request& request) const {
  const std::string token = token_of(request);
  if (token.empty()) throw_unauthorized("sign in to do this");
  return authenticate(token);
}

std::optional<Caller> RequestAuth::resolve(const http::Request& request, bool memory_only) const {
  if (request.anonymous_memo) return Caller{};
  if (request.caller_memo) return *std::static_pointer_cast<const Caller>(request.caller_memo);
  const std::string token = token_of(request);
  if (token.empty()) {
    request.anonymous_memo = true;
    return Caller{};
  }
  auto claims = signer_.verify(token);
  if (!claims) throw Error(ErrorCode::unauthorized, "access token is invalid or expired");
  const std::string& user_id = claims->principal.user_id;
  auto standing = memory_only ? sessions_.held(user_id, claims->session_id)
                              : sessions_.standing(user_id, claims->session_id);
  if (!standing) return std::nullopt;
  if (!*standing) throw Error(ErrorCode::unauthorized, "this session has ended; sign in again");
  auto caller = std::make_shared<const Caller>(**standing);
  request.caller_memo = caller;
  return *caller;
}

AccessClaims RequestAuth::authenticate(const std::string& token) const {
  auto claims = signer_.verify(token);
  if (!claims) throw Error(ErrorCode::unauthorized, "access token is invalid or expired");
  auto standing = sessions_.standing(claims->principal.user_id, claims->session_id);
  if (!standing || !*standing) throw Error(ErrorCode::unauthorized, "this session has ended; sign in again");
  claims->principal = **standing;
  return *claims;
}

std::optional<Principal> RequestAuth::standing(const std::string& user_id, const std::string& session_id) const {
  auto standing = sessions_.standing(user_id, session_id);
  if (!standing || !*standing) return std::nullopt;
  return **standing;
}

Caller RequestAuth::caller(const http::Request& request) const { return *resolve(request, false); }

std::optional<Caller> RequestAuth::caller_from_memory(const http::Request& request) const {
  return resolve(request, true);
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

void RequestAuth::require_trusted_cookie_origin(const http::Request& request) const {
  if (!origins_.cookie_may_authorize(request)) {
    throw Error(ErrorCode::forbidden,
                "a cookie-authenticated change must come from this site or an origin listed in http.cors_origins");
  }
}

}  // namespace marquee::accounts
