#pragma once
// The SQL of accounts and refresh tokens. Knows tables, not rules.
#include <optional>
#include <string>

#include "accounts/Account.h"
#include "db/Database.h"

namespace marquee::accounts {

struct RefreshTokenRow {
  std::string family_id;
  std::string user_id;
  Millis expires_at = 0;
  bool used = false;
  bool revoked = false;
};

struct ProfileChanges {
  std::optional<std::string> display_name, bio, avatar_url;
  std::optional<std::string> birth_date;  // YYYY-MM-DD
  std::optional<bool> adult_attested;     // the age gate's "I am 18 or older"
};

class AccountStore {
 public:
  explicit AccountStore(db::Database& db) : db_(db) {}

  // Throws db::UniqueViolation when the email or username is taken.
  void insert(const Account& account);
  std::optional<Account> find_by_id(const std::string& id);
  // `login` is an email (lower-cased) or a username (matched case-insensitively).
  std::optional<Account> find_by_login(const std::string& login);
  std::optional<Account> find_by_username(const std::string& username);
  // True once any account has the admin role.
  bool any_admin();
  void update_profile(const std::string& id, const ProfileChanges& changes, Millis now);
  // The avatar's or the banner's URL ("" for none), changed only while it is still `expected`
  // (false otherwise, or when the account is gone): of two changes at once, each knows which
  // URL it replaced.
  enum class Picture { avatar, banner };
  bool swap_picture_url(const std::string& id, Picture picture, const std::string& expected, const std::string& url,
                        Millis now);
  // Suspension and ban (0: none).
  void set_standing(const std::string& id, Millis suspended_until, Millis banned_at, Millis now);
  void set_trusted(const std::string& id, bool trusted, Millis now);
  void update_role_and_premium(const std::string& id, std::optional<Role> role, std::optional<bool> premium,
                               Millis now);

  void insert_refresh_token(const std::string& token_hash, const std::string& family_id, const std::string& user_id,
                            Millis now, Millis expires_at);
  std::optional<RefreshTokenRow> find_refresh_token(const std::string& token_hash);
  enum class Rotation { rotated, already_used, revoked };
  // In one transaction, under the account's lock that revocations take as well: marks
  // `old_hash` used and inserts its successor in the same family, unless the old token was
  // used or revoked meanwhile. A revocation therefore never misses a successor being born.
  Rotation rotate_refresh_token(const std::string& old_hash, const std::string& new_hash, const std::string& family_id,
                                const std::string& user_id, Millis now, Millis expires_at);
  void revoke_refresh_family(const std::string& user_id, const std::string& family_id, Millis now);
  void revoke_all_refresh_tokens(const std::string& user_id, Millis now);
  void revoke_refresh_tokens_except(const std::string& user_id, const std::string& keep_family, Millis now);
  // True when the account has an open (unrevoked) token in the family.
  bool has_open_family(const std::string& user_id, const std::string& family_id);
  void set_password_reset_required(const std::string& id, bool required, Millis now);
  // The account as a Principal while the session (refresh-token family) `session_id` of it
  // has an unrevoked token; nullopt when the session ended or the account is gone.
  std::optional<Principal> active_session_principal(const std::string& user_id, const std::string& session_id);
  // Also clears password_reset_required.
  void update_password_hash(const std::string& id, const std::string& password_hash, Millis now);
  // Deletes the account row; its refresh tokens and everything else that references it
  // cascade. False when there was none.
  bool remove(const std::string& id);

 private:
  void lock_sessions_of(db::Connection& c, const std::string& user_id) const;

  db::Database& db_;
};

}  // namespace marquee::accounts
