#pragma once
// Referrals (docs/billing.md#referrals): every account has a code to share; a new account
// names the code of whoever referred it (before its first clip), and when it completes its
// first clip generation both accounts get `reward` credits, once (the ledger entries share
// the reference "referral:<referred id>").
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/Clock.h"
#include "credits/CreditLedger.h"
#include "db/Database.h"

namespace marquee::credits {

struct ReferralSummary {
  std::string code;
  std::int64_t referred = 0;  // accounts that named the code
  std::int64_t rewarded = 0;  // of them, those whose first clip was made
  std::int64_t reward = 0;    // credits each side gets
  std::int64_t earned = 0;    // credits this account got for the accounts it referred
  std::optional<std::string> referred_by;  // the referrer's username, when this account was referred
};

class Referrals {
 public:
  // `reward`: the credits each side gets now (an admin may change it while the site runs).
  Referrals(db::Database& db, CreditLedger& ledger, const Clock& clock, std::function<std::int64_t()> reward);

  ReferralSummary summary(const std::string& user_id);
  // The caller was referred by the owner of `code`. Throws Error(not_found) for an unknown
  // code, Error(validation_failed) for one's own, Error(conflict) when the account already
  // named one or has made a clip.
  ReferralSummary redeem(const std::string& user_id, const std::string& code);
  // A clip of `user_id`'s was made: the first one rewards its referral, if any (once).
  void generation_completed(const std::string& user_id);

 private:
  std::string code_of(const std::string& user_id);

  db::Database& db_;
  CreditLedger& ledger_;
  const Clock& clock_;
  std::function<std::int64_t()> reward_;
};

}  // namespace marquee::credits
