#include "credits/Referrals.h"

#include <algorithm>
#include <cctype>

#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Text.h"

namespace marquee::credits {
namespace {

// Eight characters a person can read out: no 0/O, 1/I/L.
std::string new_code() {
  static constexpr char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  const std::string bytes = crypto::random_bytes(8);
  std::string code;
  for (const unsigned char b : bytes) code += kAlphabet[b % (sizeof kAlphabet - 1)];
  return code;
}

}  // namespace

Referrals::Referrals(db::Database& db, CreditLedger& ledger, const Clock& clock, std::function<std::int64_t()> reward)
    : db_(db), ledger_(ledger), clock_(clock), reward_(std::move(reward)) {}

std::string Referrals::code_of(const std::string& user_id) {
  auto rows = db_.query("SELECT code FROM referral_codes WHERE user_id = ?", {user_id});
  if (!rows.empty()) return rows.front().str("code");
  for (int attempt = 0; attempt < 5; ++attempt) {
    try {
      const std::string code = new_code();
      db_.execute("INSERT INTO referral_codes (user_id, code, created_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO NOTHING",
                  {user_id, code, clock_.now_ms()});
      return db_.query("SELECT code FROM referral_codes WHERE user_id = ?", {user_id}).front().str("code");
    } catch (const db::UniqueViolation&) {
      // another account's code: draw again
    }
  }
  throw Error(ErrorCode::internal, "referrals: no free code after five draws");
}

ReferralSummary Referrals::summary(const std::string& user_id) {
  ReferralSummary s;
  s.code = code_of(user_id);
  s.reward = reward_();
  const auto counts = db_.query(
      "SELECT COUNT(*) AS referred, COUNT(rewarded_at) AS rewarded FROM referrals WHERE referrer_id = ?", {user_id});
  s.referred = counts.front().i64("referred");
  s.rewarded = counts.front().i64("rewarded");
  auto by = db_.query("SELECT u.username AS username FROM referrals r JOIN users u ON u.id = r.referrer_id "
                      "WHERE r.referred_id = ?",
                      {user_id});
  if (!by.empty()) s.referred_by = by.front().str("username");
  // Its rewards as the referrer: every referral entry but the one for being referred itself.
  s.earned = db_.query("SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) AS earned FROM credit_transactions "
                       "WHERE user_id = ? AND kind = 'referral' AND reference <> ?",
                       {user_id, "referral:" + user_id})
                 .front()
                 .i64("earned");
  return s;
}

ReferralSummary Referrals::redeem(const std::string& user_id, const std::string& code) {
  // Codes are shown in capitals; people type them as they like.
  std::string typed = text::trim(code);
  for (char& c : typed) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto owner = db_.query("SELECT user_id FROM referral_codes WHERE code = ?", {typed});
  if (owner.empty()) throw_not_found("referral code");
  const std::string referrer = owner.front().str("user_id");
  if (referrer == user_id) throw_validation("code", "a referral code cannot be one's own");
  db_.write([&](db::Connection& c) {
    if (!c.exec("SELECT 1 FROM referrals WHERE referred_id = ?", {user_id}).empty()) {
      throw Error(ErrorCode::conflict, "this account already named who referred it");
    }
    if (!c.exec("SELECT 1 FROM credit_transactions WHERE user_id = ? AND kind = 'generation'", {user_id}).empty()) {
      throw Error(ErrorCode::conflict, "a referral is named before one's first clip");
    }
    c.exec("INSERT INTO referrals (referred_id, referrer_id, created_at) VALUES (?, ?, ?)",
           {user_id, referrer, clock_.now_ms()});
  });
  return summary(user_id);
}

void Referrals::generation_completed(const std::string& user_id) {
  const std::int64_t reward = reward_();
  db_.write([&](db::Connection& c) {
    const std::string lock = db_.dialect() == db::Dialect::postgres ? " FOR UPDATE" : "";
    auto rows = c.exec("SELECT referrer_id FROM referrals WHERE referred_id = ? AND rewarded_at IS NULL" + lock, {user_id});
    if (rows.empty()) return;
    const std::string reference = "referral:" + user_id;
    const std::string referrer = rows.front().str("referrer_id");
    if (reward > 0) {
      // The two accounts in one order (by id), so two rewards at once cannot deadlock.
      const auto [first, second] = std::minmax(user_id, referrer);
      ledger_.credit(c, first, reward, CreditKind::referral, reference);
      ledger_.credit(c, second, reward, CreditKind::referral, reference);
    }
    c.exec("UPDATE referrals SET rewarded_at = ? WHERE referred_id = ?", {clock_.now_ms(), user_id});
  });
}

}  // namespace marquee::credits
