#pragma once
// Turns a request's credentials into a Principal: `Authorization: Bearer <jwt>`, or for
// browsers the httpOnly `marquee_access` cookie. A request that carries a bad or expired
// token, or one whose session has ended (ActiveSessions.h), is refused with 401 even on
// public routes, so a client never silently acts anonymously with a broken session. A
// cookie authorizes a state-changing request only from this site or a listed origin
// (OriginPolicy.h): 403 otherwise, so another site cannot act with a visitor's cookie.
#include <optional>

#include "accounts/ActiveSessions.h"
#include "accounts/AgeGate.h"
#include "accounts/Principal.h"
#include "accounts/TokenSigner.h"
#include "http/OriginPolicy.h"
#include "http/Request.h"

namespace marquee::accounts {

inline constexpr const char* kAccessCookie = "marquee_access";
inline constexpr const char* kRefreshCookie = "marquee_refresh";

class RequestAuth {
 public:
  RequestAuth(const TokenSigner& signer, ActiveSessions& sessions, const http::OriginPolicy& origins,
              const AgeGate& age_gate)
      : signer_(signer), sessions_(sessions), origins_(origins), age_gate_(age_gate) {}

  // Anonymous when the request carries no credentials; throws Error(unauthorized) when the
  // credentials it carries are invalid, expired or of an ended session.
  Caller caller(const http::Request& request) const;
  // The same without touching the database, for fast paths on the I/O thread: nullopt when
  // the session's standing is not held in memory (the request then goes to the pool).
  std::optional<Caller> caller_from_memory(const http::Request& request) const;
  // Throws Error(unauthorized) when anonymous.
  Principal require_user(const http::Request& request) const;
  // The signed-in caller with the session its token belongs to; 401 as require_user.
  AccessClaims require_session(const http::Request& request) const;
  // Throws 401 when anonymous, 403 when the role is below `role`.
  Principal require_role(const http::Request& request, Role role) const;
  // An access token presented outside a request (a socket's auth message): its claims, with the
  // principal as the session now stands. Throws Error(unauthorized) when the token is invalid,
  // expired or of an ended session. Reads the database when the standing is not held.
  AccessClaims authenticate(const std::string& token) const;
  // The principal a signed-in session acts as now, or nullopt when it ended (for sockets,
  // which hold a session longer than a request).
  std::optional<Principal> standing(const std::string& user_id, const std::string& session_id) const;
  // Throws 403 when a cookie-borne credential (e.g. the refresh cookie) comes with a
  // state-changing request from another site.
  void require_trusted_cookie_origin(const http::Request& request) const;
  // Whether the caller passed the age gate (AgeGate.h); memory only, like caller_from_memory.
  bool passes_age_gate(const http::Request& request, const Caller& caller) const {
    return age_gate_.passed(request, caller);
  }
  const AgeGate& age_gate() const { return age_gate_; }

 private:
  std::optional<Caller> resolve(const http::Request& request, bool memory_only) const;
  // The access token the request carries ("" when none); 401 for a malformed Authorization.
  std::string token_of(const http::Request& request) const;

  const TokenSigner& signer_;
  ActiveSessions& sessions_;
  const http::OriginPolicy& origins_;
  const AgeGate& age_gate_;
};

}  // namespace marquee::accounts
