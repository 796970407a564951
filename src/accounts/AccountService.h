#pragma once
// Accounts: registration, sign-in, token rotation, profiles and role changes. Access
// tokens are short-lived JWTs; refresh tokens are opaque, stored hashed, rotate on every
// use, and a replayed (already rotated) refresh token revokes its whole family.
#include <optional>
#include <string>

#include "accounts/Account.h"
#include "accounts/AccountStore.h"
#include "accounts/PasswordHasher.h"
#include "accounts/TokenSigner.h"
#include "core/Clock.h"

namespace marquee::accounts {

struct Session {
  Account account;
  std::string access_token;
  std::string refresh_token;
  Millis refresh_expires_at = 0;
};

struct NewAccount {
  std::string email;
  std::string username;
  std::string password;
  Role role = Role::user;
};

class AccountService {
 public:
  AccountService(db::Database& db, const PasswordHasher& hasher, const TokenSigner& signer, const Clock& clock,
                 int refresh_ttl_seconds);

  // Validates, then creates the account. 400 on a broken rule, 409 when taken.
  Account create_account(const NewAccount& request);
  Session register_account(const NewAccount& request);
  // 401 with the same message and about the same time whether or not the account exists.
  Session login(const std::string& login, const std::string& password);
  Session refresh(const std::string& refresh_token);
  // Revokes the token's family. Unknown tokens are ignored (logout is idempotent).
  void logout(const std::string& refresh_token);

  Account me(const Principal& who);
  Account update_profile(const Principal& who, const ProfileChanges& changes);
  Account public_profile(const std::string& username);
  Account admin_update(const Principal& admin, const std::string& user_id, std::optional<Role> role,
                       std::optional<bool> is_premium);

 private:
  Session open_session(const Account& account, const std::string& family_id);

  AccountStore store_;
  const PasswordHasher& hasher_;
  const TokenSigner& signer_;
  const Clock& clock_;
  int refresh_ttl_seconds_;
};

// Validation rules, exposed for tests and the CLI. Each throws Error(validation_failed).
std::string normalize_email(const std::string& email);
void validate_username(const std::string& username);
void validate_password(const std::string& password);

}  // namespace marquee::accounts
