#include "accounts/AccountService.h"

#include <algorithm>

#include "accounts/AccountEvents.h"
#include "accounts/AgeGate.h"
#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Ids.h"
#include "core/Text.h"
#include "core/UserText.h"

namespace marquee::accounts {
namespace {

std::string hash_token(const std::string& token) { return crypto::to_hex(crypto::sha256(token)); }

}  // namespace

std::string normalize_email(const std::string& raw) {
  std::string email = text::lower_ascii(text::trim(raw));
  auto at = email.find('@');
  bool ok = !email.empty() && email.size() <= 254 && at != std::string::npos && at > 0 &&
            email.find('@', at + 1) == std::string::npos && email.find('.', at + 2) != std::string::npos &&
            email.back() != '.' && text::is_valid_utf8(email) &&
            std::none_of(email.begin(), email.end(), [](char c) {
              return static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == '"' || c == ',';
            });
  if (!ok) throw_validation("email", "email must look like name@example.com");
  // An address that shows as another one ("a" U+202E "b@…", a zero-width space inside)
  // names no mailbox anyone would type; only spoofing writes one.
  if (text::has_invisible_chars(email)) {
    throw_validation("email", "email must not contain invisible or bidirectional control characters");
  }
  return email;
}

void validate_username(const std::string& username) {
  bool ok = username.size() >= 3 && username.size() <= 30 && std::all_of(username.begin(), username.end(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            });
  if (!ok) throw_validation("username", "username must be 3 to 30 letters, digits or underscores");
}

void validate_password(const std::string& password) {
  if (password.size() < 8) throw_validation("password", "password must be at least 8 characters");
  if (password.size() > 1024) throw_validation("password", "password must be at most 1024 bytes");
}

AccountService::AccountService(db::Database& db, const PasswordHasher& hasher, const TokenSigner& signer,
                               events::EventBus& bus, const Clock& clock, int refresh_ttl_seconds,
                               audit::AuditLog& audit, limits::RateLimiter& limiter, SecondFactor& second_factor)
    : store_(db),
      session_store_(db),
      throttle_(limiter),
      second_factor_(second_factor),
      audit_(audit),
      hasher_(hasher),
      signer_(signer),
      bus_(bus),
      clock_(clock),
      refresh_ttl_seconds_(refresh_ttl_seconds) {}

Account AccountService::create_account(const NewAccount& request) {
  Account account;
  account.email = normalize_email(request.email);
  validate_username(request.username);
  validate_password(request.password);
  account.id = new_public_id();
  account.username = request.username;
  account.display_name = request.username;
  account.password_hash = hasher_.hash(request.password);
  account.role = request.role;
  account.created_at = account.updated_at = clock_.now_ms();
  try {
    store_.insert(account);
  } catch (const db::UniqueViolation& e) {
    if (e.mentions("email")) throw Error(ErrorCode::conflict, "an account with this email exists", {{"field", "email"}});
    throw Error(ErrorCode::conflict, "this username is taken", {{"field", "username"}});
  }
  return account;
}

Session AccountService::register_account(const NewAccount& request, const Device& device) {
  NewAccount plain = request;
  plain.role = Role::user;
  Account account = create_account(plain);
  return open_session(account, new_public_id(), device);
}

Session AccountService::create_first_admin(const NewAccount& request, const Device& device) {
  NewAccount admin = request;
  admin.role = Role::admin;
  Account account = create_account(admin);
  audit_.record({account.id, ""}, "account.first_admin", "user", account.id);
  return open_session(account, new_public_id(), device);
}

bool AccountService::admin_exists() { return store_.any_admin(); }

Session AccountService::login(const SignIn& attempt) {
  const std::string typed = text::trim(attempt.login);
  auto account = typed.size() <= 254 ? store_.find_by_login(typed) : std::nullopt;
  // Throttled by account, or by the login as typed when there is none: the same either way.
  const std::string subject = account ? "account:" + account->id : "login:" + text::lower_ascii(typed.substr(0, 254));
  const std::string& address = attempt.device.ip_address;
  throttle_.check(subject, address);
  // A wrong password costs one Argon2 verification whether or not the account exists, and
  // whatever its length, so neither answers nor timing tell accounts apart.
  const bool too_long = attempt.password.size() > 1024;
  if (!account || too_long) {
    hasher_.verify_dummy(attempt.password.substr(0, 1024));
    throttle_.record_failure(subject, address);
    throw_unauthorized("wrong login or password");
  }
  if (!hasher_.verify(attempt.password, account->password_hash)) {
    throttle_.record_failure(subject, address);
    throw_unauthorized("wrong login or password");
  }
  require_not_locked_out(*account);
  // A required new password is checked before the second factor, so a missing or refused one
  // does not spend a code.
  if (account->password_reset_required) {
    if (attempt.new_password.empty()) {
      throw Error(ErrorCode::password_reset_required,
                  "an administrator asked you to choose a new password: sign in again with new_password",
                  {{"field", "new_password"}});
    }
    validate_password(attempt.new_password);
    if (attempt.new_password == attempt.password) {
      throw_validation("new_password", "the new password must differ from the old one");
    }
  }
  if (account->two_factor) {
    if (attempt.totp.empty()) {
      throw Error(ErrorCode::totp_required, "enter the code from your authenticator app (or a recovery code)",
                  {{"field", "totp"}});
    }
    if (!second_factor_.verify(account->id, attempt.totp)) {
      throttle_.record_failure(subject, address);
      throw Error(ErrorCode::totp_invalid, "that code is wrong, used already or expired", {{"field", "totp"}});
    }
  }
  if (account->password_reset_required) {
    store_.update_password_hash(account->id, hasher_.hash(attempt.new_password), clock_.now_ms());
    account->password_reset_required = false;
  }
  return open_session(*account, new_public_id(), attempt.device);
}

Session AccountService::refresh(const std::string& refresh_token, const Device& device) {
  if (refresh_token.empty() || refresh_token.size() > 256) throw_unauthorized("refresh token is invalid");
  std::string hash = hash_token(refresh_token);
  auto row = store_.find_refresh_token(hash);
  if (!row) throw_unauthorized("refresh token is invalid");
  Millis now = clock_.now_ms();
  // A rotated token came back: someone holds a copy. End this session everywhere.
  auto stolen = [&]() -> Session {
    store_.revoke_refresh_family(row->user_id, row->family_id, now);
    publish(kSessionEnded, row->user_id, events::data_of({{"session_id", row->family_id}}));
    throw_unauthorized("refresh token was already used; this session was ended for safety");
  };
  if (row->revoked) throw_unauthorized("refresh token was revoked");
  if (row->used) return stolen();
  if (row->expires_at <= now) throw_unauthorized("refresh token expired");
  auto account = store_.find_by_id(row->user_id);
  if (!account) throw_unauthorized("account no longer exists");
  require_not_locked_out(*account);
  Session session = new_session(*account, row->family_id);
  switch (store_.rotate_refresh_token(hash, hash_token(session.refresh_token), row->family_id, account->id, now,
                                      session.refresh_expires_at)) {
    case AccountStore::Rotation::rotated:
      session_store_.touch(row->family_id, now, device.ip_address);
      return session;
    case AccountStore::Rotation::already_used: return stolen();
    case AccountStore::Rotation::revoked: break;
  }
  throw_unauthorized("refresh token was revoked");
}

void AccountService::logout(const std::string& refresh_token) {
  if (refresh_token.empty() || refresh_token.size() > 256) return;
  auto row = store_.find_refresh_token(hash_token(refresh_token));
  if (!row) return;
  store_.revoke_refresh_family(row->user_id, row->family_id, clock_.now_ms());
  publish(kSessionEnded, row->user_id, events::data_of({{"session_id", row->family_id}}));
}

void AccountService::logout_everywhere(const Principal& who) {
  store_.revoke_all_refresh_tokens(who.user_id, clock_.now_ms());
  publish(kAccountChanged, who.user_id);
}

Session AccountService::change_password(const Principal& who, const std::string& current_password,
                                        const std::string& new_password, const Device& device) {
  if (current_password.empty()) throw_validation("current_password", "current_password is required");
  validate_password(new_password);
  auto account = store_.find_by_id(who.user_id);
  if (!account) throw_unauthorized("account no longer exists");
  confirm_password(*account, current_password, "current_password");
  const Millis now = clock_.now_ms();
  store_.update_password_hash(account->id, hasher_.hash(new_password), now);
  // Whoever knew the old password may hold a session: every one of them ends.
  store_.revoke_all_refresh_tokens(account->id, now);
  publish(kAccountChanged, account->id);
  return open_session(*account, new_public_id(), device);
}

void AccountService::confirm_password(const Account& account, const std::string& password, const char* field) {
  const std::string subject = "account:" + account.id;
  throttle_.check(subject, "");
  if (password.size() > 1024 || !hasher_.verify(password, account.password_hash)) {
    throttle_.record_failure(subject, "");
    throw Error(ErrorCode::forbidden, std::string(field) + " is incorrect", {{"field", field}});
  }
}

std::vector<SessionInfo> AccountService::sessions(const Principal& who) {
  return session_store_.open_sessions(who.user_id, clock_.now_ms());
}

void AccountService::end_session(const Principal& who, const std::string& session_id) {
  if (session_id.size() > 64 || !store_.has_open_family(who.user_id, session_id)) throw_not_found("session");
  store_.revoke_refresh_family(who.user_id, session_id, clock_.now_ms());
  publish(kSessionEnded, who.user_id, events::data_of({{"session_id", session_id}}));
}

void AccountService::end_other_sessions(const Principal& who, const std::string& keep) {
  store_.revoke_refresh_tokens_except(who.user_id, keep, clock_.now_ms());
  publish(kAccountChanged, who.user_id);  // every node drops the account's sessions and re-reads the one kept
}

TotpEnrollment AccountService::begin_totp(const Principal& who) {
  auto account = store_.find_by_id(who.user_id);
  if (!account) throw_unauthorized("account no longer exists");
  return second_factor_.begin(account->id, account->username);
}

std::vector<std::string> AccountService::confirm_totp(const Principal& who, const std::string& password,
                                                      const std::string& code) {
  // The password as well as the code: a stolen access token alone must not tie the account to
  // someone else's authenticator.
  auto account = store_.find_by_id(who.user_id);
  if (!account) throw_unauthorized("account no longer exists");
  if (password.empty()) throw_validation("password", "password is required to turn two-factor sign-in on");
  confirm_password(*account, password, "password");
  return second_factor_.confirm(who.user_id, code);
}

void AccountService::disable_totp(const Principal& who, const std::string& password, const std::string& code) {
  auto account = store_.find_by_id(who.user_id);
  if (!account) throw_unauthorized("account no longer exists");
  if (!account->two_factor) throw_not_found("second factor");
  if (password.empty()) throw_validation("password", "password is required to turn two-factor sign-in off");
  confirm_password(*account, password, "password");
  if (!second_factor_.verify(account->id, code)) {
    throttle_.record_failure("account:" + account->id, "");
    throw Error(ErrorCode::totp_invalid, "that code is wrong, used already or expired", {{"field", "totp"}});
  }
  second_factor_.disable(account->id);
}

void AccountService::require_password_reset(const Principal& admin, const std::string& user_id,
                                            const std::string& request_id) {
  if (!admin.at_least(Role::admin)) throw_forbidden("only admins require password resets");
  auto account = store_.find_by_id(user_id);
  if (!account) throw_not_found("user");
  const Millis now = clock_.now_ms();
  store_.set_password_reset_required(user_id, true, now);
  store_.revoke_all_refresh_tokens(user_id, now);
  publish(kAccountChanged, user_id);
  audit_.record({admin.user_id, request_id}, "account.password_reset", "user", user_id);
}

Account AccountService::me(const Principal& who) {
  auto account = store_.find_by_id(who.user_id);
  if (!account) throw_unauthorized("account no longer exists");
  return *account;
}

Account AccountService::update_profile(const Principal& who, const ProfileChanges& raw) {
  ProfileChanges changes = raw;
  if (changes.display_name) changes.display_name = text::clean_name(*changes.display_name, "display_name", 50);
  if (changes.bio) changes.bio = text::clean_prose(*changes.bio, "bio", 1000, text::Presence::optional);
  if (changes.avatar_url && !changes.avatar_url->empty()) {
    const auto& url = *changes.avatar_url;
    bool ok = url.size() <= 2048 && (url.starts_with("https://") || url.starts_with("http://")) &&
              !text::has_control_chars(url) && url.find(' ') == std::string::npos;
    if (!ok) throw_validation("avatar_url", "avatar_url must be an http(s) URL");
  }
  if (changes.birth_date && !changes.birth_date->empty()) {
    // A real calendar day in the past 130 years (AgeGate reads it the same way).
    const Millis now = clock_.now_ms();
    if (!AgeGate::old_enough(*changes.birth_date, 0, now) || AgeGate::old_enough(*changes.birth_date, 130, now)) {
      throw_validation("birth_date", "birth_date must be a past date, YYYY-MM-DD");
    }
  }
  store_.update_profile(who.user_id, changes, clock_.now_ms());
  // The age gate reads the attestation and birth date from the session's standing.
  if (changes.birth_date || changes.adult_attested) publish(kAccountChanged, who.user_id);
  return me(who);
}

Account AccountService::public_profile(const std::string& username) {
  auto account = store_.find_by_username(username);
  if (!account) throw_not_found("user");
  return *account;
}

void AccountService::require_not_locked_out(const Account& account) const {
  if (account.banned_at != 0) throw Error(ErrorCode::suspended, "this account was terminated by the moderators");
  if (account.suspended_until > clock_.now_ms()) {
    throw Error(ErrorCode::suspended, "this account is suspended until " + to_rfc3339(account.suspended_until),
                {{"until", to_rfc3339(account.suspended_until)}});
  }
}

namespace {

std::string standing_json(const Account& a) {
  return "{\"role\":\"" + std::string(role_name(a.role)) + "\",\"is_premium\":" + (a.is_premium ? "true" : "false") +
         ",\"trusted\":" + (a.trusted ? "true" : "false") + "}";
}

}  // namespace

Account AccountService::admin_update(const Principal& admin, const std::string& user_id, const AdminChanges& changes,
                                     const std::string& request_id) {
  if (!admin.at_least(Role::admin)) throw_forbidden("only admins change roles");
  auto before = store_.find_by_id(user_id);
  if (!before) throw_not_found("user");
  const Millis now = clock_.now_ms();
  store_.update_role_and_premium(user_id, changes.role, changes.is_premium, now);
  if (changes.trusted) store_.set_trusted(user_id, *changes.trusted, now);
  publish(kAccountChanged, user_id);  // a demotion applies to tokens already issued
  auto after = *store_.find_by_id(user_id);
  audit_.record({admin.user_id, request_id}, changes.role && *changes.role != before->role ? "account.role" : "account.update",
                "user", user_id, standing_json(*before), standing_json(after));
  return after;
}

std::optional<Account> AccountService::set_standing(const std::string& user_id, Millis suspended_until,
                                                    Millis banned_at) {
  auto account = store_.find_by_id(user_id);
  if (!account) return std::nullopt;
  const Millis now = clock_.now_ms();
  store_.set_standing(user_id, suspended_until, banned_at, now);
  account->suspended_until = suspended_until;
  account->banned_at = banned_at;
  if (account->locked_out(now)) store_.revoke_all_refresh_tokens(user_id, now);  // its tokens stop working at once
  publish(kAccountChanged, user_id);
  return account;
}

void AccountService::delete_account(const Principal& who, const std::string& password) {
  if (password.empty()) throw_validation("password", "password is required to delete the account");
  auto account = store_.find_by_id(who.user_id);
  if (!account) throw_unauthorized("account no longer exists");
  confirm_password(*account, password, "password");
  for (const auto& listener : deleting_listeners_) listener(account->id);
  store_.remove(account->id);
  publish(kAccountDeleted, account->id);
}

void AccountService::publish(const char* type, const std::string& user_id, std::string data) {
  events::Event event;
  event.type = type;
  event.subject = user_id;
  event.data = std::move(data);
  bus_.publish(std::move(event));
}

Session AccountService::new_session(const Account& account, const std::string& family_id) const {
  Session s;
  s.account = account;
  s.access_token = signer_.sign(account.principal(), family_id);
  s.refresh_token = new_secret_token();
  s.refresh_expires_at = clock_.now_ms() + static_cast<Millis>(refresh_ttl_seconds_) * 1000;
  return s;
}

Session AccountService::open_session(const Account& account, const std::string& family_id, const Device& device) {
  Session s = new_session(account, family_id);
  const Millis now = clock_.now_ms();
  store_.insert_refresh_token(hash_token(s.refresh_token), family_id, account.id, now, s.refresh_expires_at);
  session_store_.record(account.id, {family_id, now, now, device.user_agent, device.ip_address});
  return s;
}

}  // namespace marquee::accounts
