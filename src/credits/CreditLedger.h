#pragma once
// Credits: what generating a clip costs, and what sign-up, referrals and credit packs give.
// An append-only ledger: every change is an entry (CreditEntry.h), a balance is the sum of
// an account's entries, and no entry is ever updated or deleted.
//
// - A debit is written in the transaction of the thing it pays for (debit() takes the
//   caller's connection), after locking the account's ledger, so it is atomic with that
//   thing and no two debits can both spend the same credit: under any concurrency a balance
//   never goes below zero.
// - An entry of one kind applies at most once per reference (a unique index): a refund for
//   a generation, a purchase for a payment, a reward for a referral. Asking twice is a no-op.
// - The sign-up credits are written the first time an account's ledger is touched (read or
//   debited), once, so no account misses them whatever happened at its sign-up.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/Clock.h"
#include "credits/CreditEntry.h"
#include "credits/CreditStore.h"
#include "db/Database.h"

namespace marquee::credits {

inline constexpr int kDefaultCreditPageSize = 50;
inline constexpr int kMaxCreditPageSize = 200;

class CreditLedger {
 public:
  // `signup_credits`: what a new account gets, now (an admin may change it while the site runs).
  CreditLedger(db::Database& db, const Clock& clock, std::function<std::int64_t()> signup_credits);

  // The balance, with the sign-up credits once.
  std::int64_t balance(const std::string& user_id);
  // Newest first. Throws Error(validation_failed) for a bad cursor or limit.
  CreditPage history(const std::string& user_id, const std::optional<std::string>& cursor, std::int64_t limit);

  // In the caller's write transaction: takes `amount` (> 0) from the account for
  // `reference`. Throws Error(insufficient_credits) when the balance does not cover it
  // (details: balance, cost), Error(conflict) when the same debit was made already, and
  // Error(not_found) when the account is gone.
  void debit(db::Connection& c, const std::string& user_id, std::int64_t amount, CreditKind kind,
             const std::string& reference);
  // In the caller's write transaction: adds `amount` (> 0) once per kind and reference.
  // False when it was added before.
  bool credit(db::Connection& c, const std::string& user_id, std::int64_t amount, CreditKind kind,
              const std::string& reference);
  // The same in a transaction of its own.
  bool credit(const std::string& user_id, std::int64_t amount, CreditKind kind, const std::string& reference);
  // In the caller's write transaction: takes back up to `amount` (> 0) once per kind and
  // reference, never more than the balance holds (credits already spent stay spent).
  // Returns what was taken; nullopt when it was taken before.
  std::optional<std::int64_t> take_back(db::Connection& c, const std::string& user_id, std::int64_t amount,
                                        CreditKind kind, const std::string& reference);
  // Gives a debit back: `amount` as a refund for `reference`, once. False when refunded before
  // (or when `amount` is 0: a free generation took nothing).
  bool refund(const std::string& user_id, std::int64_t amount, const std::string& reference);

 private:
  CreditEntry entry(const std::string& user_id, std::int64_t amount, CreditKind kind, const std::string& reference) const;
  void grant_signup(db::Connection& c, const std::string& user_id);

  CreditStore store_;
  const Clock& clock_;
  std::function<std::int64_t()> signup_credits_;
};

}  // namespace marquee::credits
