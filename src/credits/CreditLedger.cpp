#include "credits/CreditLedger.h"

#include <algorithm>

#include "core/Error.h"
#include "core/Ids.h"

namespace marquee::credits {
namespace {

constexpr const char* kSignupReference = "signup";

void require_positive(std::int64_t amount) {
  if (amount <= 0) throw Error(ErrorCode::internal, "a credit amount must be positive");
}

}  // namespace

CreditLedger::CreditLedger(db::Database& db, const Clock& clock, std::function<std::int64_t()> signup_credits)
    : store_(db), clock_(clock), signup_credits_(std::move(signup_credits)) {}

CreditEntry CreditLedger::entry(const std::string& user_id, std::int64_t amount, CreditKind kind,
                                const std::string& reference) const {
  CreditEntry entry;
  entry.id = new_public_id();
  entry.user_id = user_id;
  entry.amount = amount;
  entry.kind = kind;
  entry.reference = reference;
  entry.created_at = clock_.now_ms();
  return entry;
}

void CreditLedger::grant_signup(db::Connection& c, const std::string& user_id) {
  const std::int64_t credits = signup_credits_();
  if (credits <= 0 || store_.has_entry(c, user_id, CreditKind::signup, kSignupReference)) return;
  store_.insert(c, entry(user_id, credits, CreditKind::signup, kSignupReference));
}

std::int64_t CreditLedger::balance(const std::string& user_id) {
  db::Database& db = store_.database();
  const bool granted = signup_credits_() <= 0 || db.read([&](db::Connection& c) {
    return store_.has_entry(c, user_id, CreditKind::signup, kSignupReference);
  });
  if (!granted) {
    db.write([&](db::Connection& c) {
      if (store_.lock_account(c, user_id)) grant_signup(c, user_id);
    });
  }
  return db.read([&](db::Connection& c) { return store_.balance(c, user_id); });
}

CreditPage CreditLedger::history(const std::string& user_id, const std::optional<std::string>& cursor, std::int64_t limit) {
  if (limit < 1 || limit > kMaxCreditPageSize) {
    throw_validation("limit", "limit must be 1…" + std::to_string(kMaxCreditPageSize));
  }
  std::optional<TimeCursor> after;
  if (cursor) after = decode_time_cursor(*cursor);
  balance(user_id);  // the sign-up credits are part of the history
  CreditPage page;
  page.items = store_.list(user_id, after, static_cast<int>(limit) + 1);
  if (static_cast<std::int64_t>(page.items.size()) > limit) {
    page.items.resize(static_cast<std::size_t>(limit));
    page.next_cursor = encode_time_cursor(page.items.back().created_at, page.items.back().id);
  }
  return page;
}

void CreditLedger::debit(db::Connection& c, const std::string& user_id, std::int64_t amount, CreditKind kind,
                         const std::string& reference) {
  require_positive(amount);
  if (!store_.lock_account(c, user_id)) throw_not_found("account");
  grant_signup(c, user_id);
  const std::int64_t balance = store_.balance(c, user_id);
  if (balance < amount) {
    throw Error(ErrorCode::insufficient_credits,
                "this costs " + std::to_string(amount) + " credit" + (amount == 1 ? "" : "s") + " and the balance is " +
                    std::to_string(balance),
                {{"balance", std::to_string(balance)}, {"cost", std::to_string(amount)}});
  }
  if (!store_.insert(c, entry(user_id, -amount, kind, reference))) {
    throw Error(ErrorCode::conflict, "this was paid for already");
  }
}

bool CreditLedger::credit(db::Connection& c, const std::string& user_id, std::int64_t amount, CreditKind kind,
                          const std::string& reference) {
  require_positive(amount);
  if (!store_.lock_account(c, user_id)) throw_not_found("account");
  return store_.insert(c, entry(user_id, amount, kind, reference));
}

bool CreditLedger::credit(const std::string& user_id, std::int64_t amount, CreditKind kind,
                          const std::string& reference) {
  return store_.database().write([&](db::Connection& c) { return credit(c, user_id, amount, kind, reference); });
}

std::optional<std::int64_t> CreditLedger::take_back(db::Connection& c, const std::string& user_id, std::int64_t amount,
                                                    CreditKind kind, const std::string& reference) {
  require_positive(amount);
  if (!store_.lock_account(c, user_id)) throw_not_found("account");
  if (store_.has_entry(c, user_id, kind, reference)) return std::nullopt;
  const std::int64_t taken = std::clamp<std::int64_t>(store_.balance(c, user_id), 0, amount);
  // An entry even of 0, so that the same reversal is recognised when it comes again.
  store_.insert(c, entry(user_id, -taken, kind, reference));
  return taken;
}

bool CreditLedger::refund(const std::string& user_id, std::int64_t amount, const std::string& reference) {
  if (amount <= 0) return false;  // a free generation: nothing was taken
  return credit(user_id, amount, CreditKind::refund, reference);
}

}  // namespace marquee::credits
