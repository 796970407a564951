#pragma once
// Short-lived access tokens: compact JWS with HS256 (RFC 7515/7519). Only `alg: HS256` is
// accepted on verification — `none` and every other algorithm are refused — and the
// signature is compared in constant time before any claim is trusted. Each token names its
// session (`sid`, the refresh-token family it was issued with), so RequestAuth can refuse it
// the moment that session ends, and the account's role is re-read rather than trusted.
#include <optional>
#include <string>

#include "accounts/Principal.h"
#include "core/Clock.h"

namespace marquee::accounts {

struct AccessClaims {
  Principal principal;
  std::string session_id;
  Millis issued_at_ms = 0;
  Millis expires_at_ms = 0;
};

class TokenSigner {
 public:
  TokenSigner(std::string secret, int ttl_seconds, const Clock& clock);

  std::string sign(const Principal& principal, const std::string& session_id) const;
  // nullopt when malformed, wrongly signed, of another algorithm, or expired.
  std::optional<AccessClaims> verify(const std::string& token) const;
  int ttl_seconds() const { return ttl_seconds_; }

 private:
  std::string secret_;
  int ttl_seconds_;
  const Clock& clock_;
};

}  // namespace marquee::accounts
