#pragma once
// The Stripe-Signature header of a webhook (https://docs.stripe.com/webhooks#verify-manually):
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>[,v1=…][,v0=…]". A delivery is
// genuine when one of its v1 signatures is the HMAC of one of the endpoint's secrets (an
// operator rotating a secret lists both) and its timestamp is within the tolerance of now, in
// either direction: an old delivery replayed, or one dated ahead, is refused.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::billing {

struct StripeSignatureHeader {
  std::int64_t timestamp = 0;
  std::vector<std::string> v1;  // hex
};

// nullopt when there is no timestamp or no v1 signature; other schemes are ignored.
std::optional<StripeSignatureHeader> parse_stripe_signature(std::string_view header);

enum class SignatureCheck { valid, malformed, no_match, outside_tolerance };
std::string_view signature_check_name(SignatureCheck check);

SignatureCheck verify_stripe_signature(std::string_view header, std::string_view body,
                                       const std::vector<std::string>& secrets, std::int64_t now_s,
                                       std::int64_t tolerance_s = 300);

// The header Stripe would send for `body` at `timestamp` (tests, and the docs' example).
std::string stripe_signature_for(std::string_view body, const std::string& secret, std::int64_t timestamp);

}  // namespace marquee::billing
