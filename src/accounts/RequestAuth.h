#pragma once
// Turns a request's credentials into a Principal: `Authorization: Bearer <jwt>`, or for
// browsers the httpOnly `marquee_access` cookie. A request that carries a bad or expired
// token is refused with 401 even on public routes, so a client never silently acts
// anonymously with a broken session.
#include "accounts/Principal.h"
#include "accounts/TokenSigner.h"
#include "http/Request.h"

namespace marquee::accounts {

inline constexpr const char* kAccessCookie = "marquee_access";
inline constexpr const char* kRefreshCookie = "marquee_refresh";

class RequestAuth {
 public:
  explicit RequestAuth(const TokenSigner& signer) : signer_(signer) {}

  // Anonymous when the request carries no credentials; throws Error(unauthorized) when the
  // credentials it carries are invalid or expired.
  Caller caller(const http::Request& request) const;
  // Throws Error(unauthorized) when anonymous.
  Principal require_user(const http::Request& request) const;
  // Throws 401 when anonymous, 403 when the role is below `role`.
  Principal require_role(const http::Request& request, Role role) const;

 private:
  const TokenSigner& signer_;
};

}  // namespace marquee::accounts
