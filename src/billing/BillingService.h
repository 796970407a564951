#pragma once
// Credit packs and payments (docs/billing.md). An admin sets the packs; a buyer checks one
// out through the payment provider; the provider's signed webhook credits the account. The
// webhook is the only thing that credits a purchase, and every event it applies is applied
// once: the event's id is recorded in the same transaction as the ledger entry it makes, and
// the answer (2xx) goes out only after that transaction committed. A refund or a dispute
// takes the credits back (as far as the balance holds them).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/AuditLog.h"
#include "billing/Billing.h"
#include "billing/BillingStore.h"
#include "billing/PaymentProvider.h"
#include "core/Clock.h"
#include "credits/CreditLedger.h"

namespace marquee::billing {

struct BillingOptions {
  std::vector<std::string> webhook_secrets;  // several while a secret is rotated
  std::int64_t webhook_tolerance_s = 300;
  std::string success_url;
  std::string cancel_url;
};

struct PackDraft {
  std::optional<std::string> name;
  std::optional<std::int64_t> credits;
  std::optional<std::int64_t> amount_cents;
  std::optional<std::string> currency;
  std::optional<bool> active;
};

struct Checkout {
  Payment payment;
  std::string url;
};

// What a webhook delivery came to.
enum class WebhookOutcome { applied, duplicate, ignored };
std::string_view webhook_outcome_name(WebhookOutcome outcome);

class BillingService {
 public:
  BillingService(db::Database& db, credits::CreditLedger& ledger, std::unique_ptr<PaymentProvider> provider,
                 audit::AuditLog& audit, const Clock& clock, BillingOptions options);

  std::vector<CreditPack> packs(bool include_inactive);
  CreditPack create_pack(const audit::Actor& admin, const PackDraft& draft);
  CreditPack update_pack(const audit::Actor& admin, const std::string& id, const PackDraft& draft);

  // A pending payment and the provider's checkout URL for it.
  Checkout checkout(const std::string& user_id, const std::string& pack_id);
  std::vector<Payment> payments(const std::string& user_id);
  Payment payment(const std::string& user_id, const std::string& payment_id);

  // A Stripe webhook delivery: throws Error(bad_request) when its signature does not verify
  // (or is stale, or dated ahead), Error(unprocessable) when a paid session does not match
  // its pack; otherwise what it came to, committed.
  WebhookOutcome handle_stripe_webhook(std::string_view signature_header, std::string_view body);

 private:
  CreditPack checked_pack(CreditPack pack) const;

  db::Database& db_;
  BillingStore store_;
  credits::CreditLedger& ledger_;
  std::unique_ptr<PaymentProvider> provider_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  BillingOptions options_;
};

}  // namespace marquee::billing
