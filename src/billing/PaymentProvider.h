#pragma once
// Where a buyer pays (docs/billing.md#providers): Marquee creates a checkout with the
// provider and sends the buyer to its URL; the provider tells Marquee the outcome through a
// signed webhook (BillingService::handle_stripe_event). Stripe is the first provider; its API
// base URL is configurable (billing.stripe_api_base), so a Stripe-compatible service, or a
// local double in tests, takes its place.
#include <cstdint>
#include <string>

namespace marquee::billing {

struct CheckoutRequest {
  std::string payment_id;  // ours: sent as metadata and the session's reference
  std::string user_id;     // client_reference_id
  std::string pack_id;
  std::string pack_name;
  std::int64_t amount_cents = 0;
  std::string currency;
  std::string success_url;
  std::string cancel_url;
};

struct CheckoutSession {
  std::string id;   // the provider's ("cs_…")
  std::string url;  // where the buyer pays
};

class PaymentProvider {
 public:
  virtual ~PaymentProvider() = default;
  virtual std::string name() const = 0;
  // Throws Error(unavailable) when the provider cannot be reached or refuses.
  virtual CheckoutSession create_checkout(const CheckoutRequest& request) = 0;
};

// Stripe's Checkout Sessions API (POST {api_base}/v1/checkout/sessions, form-encoded, the
// secret key as the bearer), with an Idempotency-Key of our payment id: a retried request
// never makes a second session.
class StripeProvider final : public PaymentProvider {
 public:
  StripeProvider(std::string api_base, std::string secret_key)
      : api_base_(std::move(api_base)), secret_key_(std::move(secret_key)) {}
  std::string name() const override { return "stripe"; }
  CheckoutSession create_checkout(const CheckoutRequest& request) override;

 private:
  std::string api_base_;
  std::string secret_key_;
};

}  // namespace marquee::billing
