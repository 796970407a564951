#include "accounts/AccountStore.h"

#include "core/Text.h"

namespace marquee::accounts {
namespace {

constexpr const char* kColumns =
    "id, email, username, password_hash, display_name, bio, avatar_url, banner_url, role, is_premium, created_at, updated_at, "
    "suspended_until, banned_at, trusted, adult_attested_at, birth_date, password_reset_required, "
    "CASE WHEN totp_secret IS NULL THEN 0 ELSE 1 END AS two_factor";

Account account_from(const db::Row& row) {
  Account a;
  a.id = row.str("id");
  a.email = row.str("email");
  a.username = row.str("username");
  a.password_hash = row.str("password_hash");
  a.display_name = row.str("display_name");
  a.bio = row.str("bio");
  a.avatar_url = row.str("avatar_url");
  a.banner_url = row.str("banner_url");
  a.role = parse_role(row.str("role")).value_or(Role::user);
  a.is_premium = row.boolean("is_premium");
  a.created_at = row.i64("created_at");
  a.updated_at = row.i64("updated_at");
  a.suspended_until = row.i64("suspended_until");
  a.banned_at = row.i64("banned_at");
  a.trusted = row.boolean("trusted");
  a.adult_attested_at = row.i64("adult_attested_at");
  a.birth_date = row.str("birth_date");
  a.password_reset_required = row.boolean("password_reset_required");
  a.two_factor = row.boolean("two_factor");
  return a;
}

std::optional<Account> first_account(const db::Result& result) {
  if (result.empty()) return std::nullopt;
  return account_from(result.front());
}

}  // namespace

void AccountStore::insert(const Account& a) {
  db_.execute(
      "INSERT INTO users (id, email, username, username_key, password_hash, display_name, bio, avatar_url, role, "
      "is_premium, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {a.id, a.email, a.username, text::lower_ascii(a.username), a.password_hash, a.display_name, a.bio, a.avatar_url,
       std::string(role_name(a.role)), std::int64_t{a.is_premium}, a.created_at, a.updated_at});
}

std::optional<Account> AccountStore::find_by_id(const std::string& id) {
  return first_account(db_.query(std::string("SELECT ") + kColumns + " FROM users WHERE id = ?", {id}));
}

std::optional<Account> AccountStore::find_by_login(const std::string& login) {
  std::string key = text::lower_ascii(login);
  return first_account(
      db_.query(std::string("SELECT ") + kColumns + " FROM users WHERE email = ? OR username_key = ?", {key, key}));
}

std::optional<Account> AccountStore::find_by_username(const std::string& username) {
  return first_account(db_.query(std::string("SELECT ") + kColumns + " FROM users WHERE username_key = ?",
                                 {text::lower_ascii(username)}));
}

bool AccountStore::any_admin() {
  return !db_.query("SELECT 1 FROM users WHERE role = 'admin' LIMIT 1", {}).empty();
}

void AccountStore::update_profile(const std::string& id, const ProfileChanges& c, Millis now) {
  auto opt = [](const std::optional<std::string>& v) -> db::Value {
    if (v) return *v;
    return nullptr;
  };
  db_.execute(
      "UPDATE users SET display_name = COALESCE(?, display_name), bio = COALESCE(?, bio), "
      "avatar_url = COALESCE(?, avatar_url), birth_date = COALESCE(?, birth_date), updated_at = ? WHERE id = ?",
      {opt(c.display_name), opt(c.bio), opt(c.avatar_url), opt(c.birth_date), now, id});
  if (c.adult_attested) {
    // The first attestation's moment stands; withdrawing it clears it.
    if (*c.adult_attested) {
      db_.execute("UPDATE users SET adult_attested_at = COALESCE(adult_attested_at, ?) WHERE id = ?", {now, id});
    } else {
      db_.execute("UPDATE users SET adult_attested_at = NULL WHERE id = ?", {id});
    }
  }
}

bool AccountStore::swap_picture_url(const std::string& id, Picture picture, const std::string& expected,
                                    const std::string& url, Millis now) {
  return db_.execute(picture == Picture::avatar
                         ? "UPDATE users SET avatar_url = ?, updated_at = ? WHERE id = ? AND avatar_url = ?"
                         : "UPDATE users SET banner_url = ?, updated_at = ? WHERE id = ? AND banner_url = ?",
                     {url, now, id, expected})
             .affected_rows() == 1;
}

void AccountStore::set_standing(const std::string& id, Millis suspended_until, Millis banned_at, Millis now) {
  db_.execute("UPDATE users SET suspended_until = ?, banned_at = ?, updated_at = ? WHERE id = ?",
              {db::null_if_zero(suspended_until), db::null_if_zero(banned_at), now, id});
}

void AccountStore::set_trusted(const std::string& id, bool trusted, Millis now) {
  db_.execute("UPDATE users SET trusted = ?, updated_at = ? WHERE id = ?", {std::int64_t{trusted}, now, id});
}

void AccountStore::update_role_and_premium(const std::string& id, std::optional<Role> role,
                                           std::optional<bool> premium, Millis now) {
  db_.write([&](db::Connection& c) {
    if (role) c.exec("UPDATE users SET role = ?, updated_at = ? WHERE id = ?", {std::string(role_name(*role)), now, id});
    if (premium) {
      c.exec("UPDATE users SET is_premium = ?, updated_at = ? WHERE id = ?", {std::int64_t{*premium}, now, id});
    }
  });
}

void AccountStore::insert_refresh_token(const std::string& token_hash, const std::string& family_id,
                                        const std::string& user_id, Millis now, Millis expires_at) {
  db_.execute(
      "INSERT INTO refresh_tokens (token_hash, family_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
      {token_hash, family_id, user_id, now, expires_at});
}

std::optional<RefreshTokenRow> AccountStore::find_refresh_token(const std::string& token_hash) {
  auto result = db_.query(
      "SELECT family_id, user_id, expires_at, used_at, revoked_at FROM refresh_tokens WHERE token_hash = ?",
      {token_hash});
  if (result.empty()) return std::nullopt;
  auto row = result.front();
  return RefreshTokenRow{row.str("family_id"), row.str("user_id"), row.i64("expires_at"), !row.is_null("used_at"),
                         !row.is_null("revoked_at")};
}

// Serializes the session changes of one account: rotations and revocations take it first.
// SQLite's write transaction is exclusive already; on PostgreSQL the account's row is locked,
// so a revocation's UPDATE runs after a concurrent rotation commits and sees its new token.
void AccountStore::lock_sessions_of(db::Connection& c, const std::string& user_id) const {
  if (db_.dialect() == db::Dialect::postgres) c.exec("SELECT id FROM users WHERE id = ? FOR UPDATE", {user_id});
}

AccountStore::Rotation AccountStore::rotate_refresh_token(const std::string& old_hash, const std::string& new_hash,
                                                          const std::string& family_id, const std::string& user_id,
                                                          Millis now, Millis expires_at) {
  return db_.write([&](db::Connection& c) {
    lock_sessions_of(c, user_id);
    auto marked = c.exec(
        "UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL",
        {now, old_hash});
    if (marked.affected_rows() != 1) {
      auto state = c.exec("SELECT revoked_at FROM refresh_tokens WHERE token_hash = ?", {old_hash});
      return state.empty() || !state.front().is_null("revoked_at") ? Rotation::revoked : Rotation::already_used;
    }
    c.exec("INSERT INTO refresh_tokens (token_hash, family_id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
           {new_hash, family_id, user_id, now, expires_at});
    return Rotation::rotated;
  });
}

void AccountStore::revoke_refresh_family(const std::string& user_id, const std::string& family_id, Millis now) {
  db_.write([&](db::Connection& c) {
    lock_sessions_of(c, user_id);
    c.exec("UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL", {now, family_id});
  });
}

void AccountStore::revoke_all_refresh_tokens(const std::string& user_id, Millis now) {
  db_.write([&](db::Connection& c) {
    lock_sessions_of(c, user_id);
    c.exec("UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", {now, user_id});
  });
}

void AccountStore::revoke_refresh_tokens_except(const std::string& user_id, const std::string& keep_family,
                                                Millis now) {
  db_.write([&](db::Connection& c) {
    lock_sessions_of(c, user_id);
    c.exec("UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND family_id <> ? AND revoked_at IS NULL",
           {now, user_id, keep_family});
  });
}

bool AccountStore::has_open_family(const std::string& user_id, const std::string& family_id) {
  return !db_.query("SELECT 1 FROM refresh_tokens WHERE user_id = ? AND family_id = ? AND revoked_at IS NULL LIMIT 1",
                    {user_id, family_id})
              .empty();
}

void AccountStore::set_password_reset_required(const std::string& id, bool required, Millis now) {
  db_.execute("UPDATE users SET password_reset_required = ?, updated_at = ? WHERE id = ?",
              {std::int64_t{required}, now, id});
}

std::optional<Principal> AccountStore::active_session_principal(const std::string& user_id,
                                                                const std::string& session_id) {
  auto result = db_.query(
      "SELECT u.username AS username, u.role AS role, u.is_premium AS is_premium, "
      "u.adult_attested_at AS adult_attested_at, u.birth_date AS birth_date FROM users u "
      "WHERE u.id = ? AND u.banned_at IS NULL AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = ? "
      "AND t.user_id = u.id AND t.revoked_at IS NULL)",
      {user_id, session_id});
  if (result.empty()) return std::nullopt;
  const auto row = result.front();
  return Principal{user_id, row.str("username"), parse_role(row.str("role")).value_or(Role::user),
                   row.boolean("is_premium"), !row.is_null("adult_attested_at"), row.str("birth_date")};
}

void AccountStore::update_password_hash(const std::string& id, const std::string& password_hash, Millis now) {
  db_.execute("UPDATE users SET password_hash = ?, password_reset_required = 0, updated_at = ? WHERE id = ?",
              {password_hash, now, id});
}

bool AccountStore::remove(const std::string& id) {
  return db_.execute("DELETE FROM users WHERE id = ?", {id}).affected_rows() == 1;
}

}  // namespace marquee::accounts
