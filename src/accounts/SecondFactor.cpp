#include "accounts/SecondFactor.h"

#include <algorithm>
#include <cctype>

#include "accounts/Totp.h"
#include "core/Crypto.h"
#include "core/Error.h"

namespace marquee::accounts {
namespace {

constexpr int kRecoveryCodes = 10;

// Lower case, without spaces or dashes: what the user typed, as it was issued.
std::string normalized(const std::string& code) {
  std::string out;
  for (char c : code) {
    if (c == ' ' || c == '-') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool is_totp_shape(const std::string& code) {
  return code.size() == 6 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string code_hash(const std::string& code) { return crypto::to_hex(crypto::sha256(code)); }

// "abcde-fghij": 50 random bits in base32, in two groups.
std::string new_recovery_code() {
  std::string text = base32_encode(crypto::random_bytes(7)).substr(0, 10);
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text.substr(0, 5) + "-" + text.substr(5);
}

}  // namespace

SecondFactor::SecondFactor(db::Database& db, const Clock& clock, std::string issuer)
    : db_(db), clock_(clock), issuer_(std::move(issuer)) {}

std::int64_t SecondFactor::now_step() const { return clock_.now_ms() / 1000 / kTotpStepSeconds; }

TotpEnrollment SecondFactor::begin(const std::string& user_id, const std::string& account_name) {
  const auto row = db_.query("SELECT totp_secret FROM users WHERE id = ?", {user_id});
  if (row.empty()) throw_not_found("account");
  if (!row.front().is_null("totp_secret")) {
    throw Error(ErrorCode::conflict, "two-factor sign-in is on already; turn it off first to enrol a new device");
  }
  const std::string secret = crypto::random_bytes(20);  // 160 bits, as RFC 4226 recommends
  db_.execute("UPDATE users SET totp_pending_secret = ? WHERE id = ?", {base32_encode(secret), user_id});
  return {base32_encode(secret), otpauth_uri(issuer_, account_name, secret)};
}

std::vector<std::string> SecondFactor::confirm(const std::string& user_id, const std::string& code) {
  const auto row = db_.query("SELECT totp_pending_secret FROM users WHERE id = ?", {user_id});
  if (row.empty() || row.front().is_null("totp_pending_secret")) {
    throw Error(ErrorCode::validation_failed, "nothing to confirm: start with POST /api/me/2fa/totp",
                {{"field", "code"}});
  }
  const std::string pending = row.front().str("totp_pending_secret");
  const auto secret = base32_decode(pending);
  const auto step = secret ? totp_matching_step(*secret, normalized(code), now_step()) : std::nullopt;
  if (!step) throw Error(ErrorCode::totp_invalid, "that code does not match; check the device's clock and try again");
  std::vector<std::string> codes;
  for (int i = 0; i < kRecoveryCodes; ++i) codes.push_back(new_recovery_code());
  db_.write([&](db::Connection& c) {
    auto moved = c.exec(
        "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_last_step = ? "
        "WHERE id = ? AND totp_pending_secret = ? AND totp_secret IS NULL",
        {*step, user_id, pending});
    if (moved.affected_rows() != 1) throw Error(ErrorCode::conflict, "the enrolment changed meanwhile; start again");
    c.exec("DELETE FROM recovery_codes WHERE user_id = ?", {user_id});
    for (const auto& recovery : codes) {
      c.exec("INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)", {user_id, code_hash(normalized(recovery))});
    }
  });
  return codes;
}

void SecondFactor::disable(const std::string& user_id) {
  db_.write([&](db::Connection& c) {
    c.exec("UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = 0 WHERE id = ?",
           {user_id});
    c.exec("DELETE FROM recovery_codes WHERE user_id = ?", {user_id});
  });
}

bool SecondFactor::verify(const std::string& user_id, const std::string& typed) {
  const std::string code = normalized(typed);
  if (code.empty() || code.size() > 64) return false;
  if (is_totp_shape(code)) {
    const auto row = db_.query("SELECT totp_secret, totp_last_step FROM users WHERE id = ?", {user_id});
    if (row.empty() || row.front().is_null("totp_secret")) return false;
    const auto secret = base32_decode(row.front().str("totp_secret"));
    const auto step = secret ? totp_matching_step(*secret, code, now_step()) : std::nullopt;
    if (!step || *step <= row.front().i64("totp_last_step")) return false;
    // Taken once: of two requests with the same code, one advances the step and the other finds it taken.
    return db_.execute("UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?",
                       {*step, user_id, *step})
               .affected_rows() == 1;
  }
  return db_.execute("UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL",
                     {clock_.now_ms(), user_id, code_hash(code)})
             .affected_rows() == 1;
}

}  // namespace marquee::accounts
