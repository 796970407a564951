#include "credits/CreditEntry.h"

namespace marquee::credits {

std::string_view credit_kind_name(CreditKind kind) {
  switch (kind) {
    case CreditKind::signup: return "signup";
    case CreditKind::referral: return "referral";
    case CreditKind::purchase: return "purchase";
    case CreditKind::generation: return "generation";
    case CreditKind::refund: return "refund";
    case CreditKind::reversal: return "reversal";
    case CreditKind::grant: return "grant";
  }
  return "grant";
}

std::optional<CreditKind> parse_credit_kind(std::string_view name) {
  for (CreditKind kind : {CreditKind::signup, CreditKind::referral, CreditKind::purchase, CreditKind::generation,
                          CreditKind::refund, CreditKind::reversal, CreditKind::grant}) {
    if (credit_kind_name(kind) == name) return kind;
  }
  return std::nullopt;
}

}  // namespace marquee::credits
