#pragma once
// Accounts: registration, sign-in, token rotation, profiles and role changes. Access
// tokens are short-lived JWTs; refresh tokens are opaque, stored hashed, rotate on every
// use, and a replayed (already rotated) refresh token revokes its whole family.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/Account.h"
#include "accounts/AccountStore.h"
#include "accounts/PasswordHasher.h"
#include "accounts/SecondFactor.h"
#include "accounts/SessionStore.h"
#include "accounts/SignInThrottle.h"
#include "accounts/TokenSigner.h"
#include "audit/AuditLog.h"
#include "events/EventBus.h"
#include "core/Clock.h"

namespace marquee::accounts {

struct Session {
  Account account;
  std::string access_token;
  std::string refresh_token;
  Millis refresh_expires_at = 0;
};

// What an admin changes on an account (PATCH /api/admin/users/{id}); absent fields stay.
struct AdminChanges {
  std::optional<Role> role;
  std::optional<bool> is_premium;
  std::optional<bool> trusted;
};

// POST /api/auth/login.
struct SignIn {
  std::string login;     // email or username
  std::string password;
  std::string totp;          // the second factor's code, or a recovery code, when the account has one
  std::string new_password;  // when an admin asked for a new one
  Device device;
};

struct NewAccount {
  std::string email;
  std::string username;
  std::string password;
  Role role = Role::user;
};

class AccountService {
 public:
  // Publishes the facts of AccountEvents.h on `bus` (ActiveSessions reacts to them) and writes
  // admins' changes to `audit`.
  // `limiter` keeps the failed sign-ins per account (SignInThrottle.h).
  AccountService(db::Database& db, const PasswordHasher& hasher, const TokenSigner& signer, events::EventBus& bus,
                 const Clock& clock, int refresh_ttl_seconds, audit::AuditLog& audit, limits::RateLimiter& limiter,
                 SecondFactor& second_factor);

  // Validates, then creates the account. 400 on a broken rule, 409 when taken.
  Account create_account(const NewAccount& request);
  Session register_account(const NewAccount& request, const Device& device = {});
  // The first run's admin (FirstRun.h decides who may): an admin account, signed in, audited.
  Session create_first_admin(const NewAccount& request, const Device& device);
  bool admin_exists();
  // 401 with the same message and about the same time whether or not the account exists, and
  // 429 after too many failures (SignInThrottle.h); once the password is right: 403 `suspended`
  // for a suspended or banned account, 401 `totp_required` / `totp_invalid` while the second
  // factor is missing or wrong, 403 `password_reset_required` until new_password is given.
  Session login(const SignIn& attempt);
  Session refresh(const std::string& refresh_token, const Device& device = {});
  // Ends the token's session: its refresh token family is revoked and the access tokens
  // issued with it stop working. Unknown tokens are ignored (logout is idempotent).
  void logout(const std::string& refresh_token);
  // Ends every session of the caller's account, this one included.
  void logout_everywhere(const Principal& who);
  // Checks the current password, sets the new one and ends every session of the account;
  // returns a fresh session for the caller. 403 when the current password is wrong.
  Session change_password(const Principal& who, const std::string& current_password, const std::string& new_password,
                          const Device& device = {});

  // The account's open sessions (GET /api/me/sessions).
  std::vector<SessionInfo> sessions(const Principal& who);
  // Ends one session of the caller's account; 404 when it has no open session by that id.
  void end_session(const Principal& who, const std::string& session_id);
  // Ends every session of the caller's account but `keep`.
  void end_other_sessions(const Principal& who, const std::string& keep);

  // The second factor (SecondFactor.h). Confirming it (turning it on) needs the password and
  // a code from the app; turning it off needs the password and a current code (or a recovery
  // code): a stolen access token alone can do neither.
  TotpEnrollment begin_totp(const Principal& who);
  std::vector<std::string> confirm_totp(const Principal& who, const std::string& password, const std::string& code);
  void disable_totp(const Principal& who, const std::string& password, const std::string& code);

  // An admin makes the account choose a new password: every session ends, and the old password
  // signs in only together with new_password. Audited.
  void require_password_reset(const Principal& admin, const std::string& user_id, const std::string& request_id);

  Account me(const Principal& who);
  Account update_profile(const Principal& who, const ProfileChanges& changes);
  Account public_profile(const std::string& username);
  // Admins only; every change is written to the audit log with `request_id`.
  Account admin_update(const Principal& admin, const std::string& user_id, const AdminChanges& changes,
                       const std::string& request_id);
  // For the moderators (src/moderation), without permission checks: suspends the account until
  // a time, bans it, or lifts either (0 and 0). Locking an account out ends all its sessions at
  // once. nullopt when there is no such account.
  std::optional<Account> set_standing(const std::string& user_id, Millis suspended_until, Millis banned_at);
  std::optional<Account> find(const std::string& user_id) { return store_.find_by_id(user_id); }

  // Deletes the account once its password is confirmed: the deleting listeners run first
  // (its videos go through the videos' delete path, so their files go too), then the row,
  // whose foreign keys cascade to refresh tokens and everything else it owns; its access
  // tokens stop working at once.
  // 400 without a password, 403 when it is wrong, 401 when the account is already gone.
  void delete_account(const Principal& who, const std::string& password);
  // Called with the account's id before its row is deleted; a listener that throws stops
  // the deletion (what ran before stays done, and the user may try again).
  void on_deleting(std::function<void(const std::string& user_id)> listener) {
    deleting_listeners_.push_back(std::move(listener));
  }

 private:
  // Tokens for a session of `family_id`, not yet stored.
  Session new_session(const Account& account, const std::string& family_id) const;
  // A new session (family), stored.
  Session open_session(const Account& account, const std::string& family_id, const Device& device);
  // Checks a password the signed-in user typed to confirm something, under the sign-in
  // throttle: 403 (naming `field`) when it is wrong.
  void confirm_password(const Account& account, const std::string& password, const char* field);
  void publish(const char* type, const std::string& user_id, std::string data = {});

  // 403 `suspended` when the account may not sign in now.
  void require_not_locked_out(const Account& account) const;

  AccountStore store_;
  SessionStore session_store_;
  SignInThrottle throttle_;
  SecondFactor& second_factor_;
  audit::AuditLog& audit_;
  const PasswordHasher& hasher_;
  const TokenSigner& signer_;
  events::EventBus& bus_;
  const Clock& clock_;
  int refresh_ttl_seconds_;
  std::vector<std::function<void(const std::string&)>> deleting_listeners_;
};

// Validation rules, exposed for tests and the CLI. Each throws Error(validation_failed).
std::string normalize_email(const std::string& email);
void validate_username(const std::string& username);
void validate_password(const std::string& password);

}  // namespace marquee::accounts
