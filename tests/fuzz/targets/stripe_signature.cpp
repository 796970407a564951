// The Stripe-Signature header of a webhook delivery: anyone on the internet may send one.
#include "FuzzSupport.h"
#include "billing/StripeSignature.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  const auto parts = fuzz::split_input(fuzz::bytes_of(data, size));
  if (const auto parsed = billing::parse_stripe_signature(parts.first)) {
    fuzz::require(parsed->timestamp > 0 && !parsed->v1.empty() && parsed->v1.size() <= 16);
    for (const auto& v1 : parsed->v1) fuzz::require(v1.size() == 64);
  }
  const auto check = billing::verify_stripe_signature(parts.first, parts.second, {"whsec_fuzz"}, 1'780'000'000);
  // Only the secret's own signature can verify.
  if (check == billing::SignatureCheck::valid) {
    const auto parsed = billing::parse_stripe_signature(parts.first);
    fuzz::require(parsed.has_value());
    bool own = false;
    for (const auto& v1 : parsed->v1) {
      own = own || billing::stripe_signature_for(parts.second, "whsec_fuzz", parsed->timestamp).ends_with(v1);
    }
    fuzz::require(own);
  }
  return 0;
}
