#pragma once
// One line of an account's credit ledger (CreditLedger.h): what it added or took, why, and
// what it refers to.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Clock.h"

namespace marquee::credits {

enum class CreditKind {
  signup,      // the free credits of a new account
  referral,    // a referral's reward, to either side
  purchase,    // a credit pack paid for
  generation,  // a clip generated (spent)
  refund,      // a failed generation given back
  reversal,    // a payment refunded or disputed (taken back)
  grant,       // an admin's adjustment
};

std::string_view credit_kind_name(CreditKind kind);
std::optional<CreditKind> parse_credit_kind(std::string_view name);

struct CreditEntry {
  std::string id;
  std::string user_id;
  std::int64_t amount = 0;  // > 0 credited, < 0 spent
  CreditKind kind = CreditKind::grant;
  std::string reference;  // empty when none
  Millis created_at = 0;
};

struct CreditPage {
  std::vector<CreditEntry> items;  // newest first
  std::optional<std::string> next_cursor;
};

}  // namespace marquee::credits
