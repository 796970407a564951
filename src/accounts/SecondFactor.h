#pragma once
// The optional second factor: TOTP (Totp.h) with single-use recovery codes. Enrolment is two
// steps, so a typo in the authenticator app never locks anyone out: begin() hands out a secret
// (and its otpauth:// URI), confirm() turns it on once a code from the app matches and returns
// ten recovery codes, shown once and stored hashed. A code is good once: an accepted time step
// is remembered, so a code seen over a shoulder cannot be replayed within its 30 seconds.
#include <string>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"

namespace marquee::accounts {

struct TotpEnrollment {
  std::string secret;  // base32, for manual entry
  std::string otpauth_uri;
};

class SecondFactor {
 public:
  SecondFactor(db::Database& db, const Clock& clock, std::string issuer);

  // 409 when the account has a second factor already. A new begin() replaces an unconfirmed one.
  TotpEnrollment begin(const std::string& user_id, const std::string& account_name);
  // 400 when nothing is being enrolled; 401 `totp_invalid` when the code does not match.
  // Returns the recovery codes.
  std::vector<std::string> confirm(const std::string& user_id, const std::string& code);
  void disable(const std::string& user_id);
  // True when `code` is a current TOTP code not used before, or an unused recovery code
  // (which it uses up). Spaces and dashes are ignored.
  bool verify(const std::string& user_id, const std::string& code);

 private:
  std::int64_t now_step() const;

  db::Database& db_;
  const Clock& clock_;
  std::string issuer_;
};

}  // namespace marquee::accounts
