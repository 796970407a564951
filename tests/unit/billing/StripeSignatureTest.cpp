// Stripe-Signature as Stripe documents it: HMAC-SHA256 of "<t>.<body>", any of several v1
// signatures, any of the endpoint's secrets, 300 s either side of now.
#include "billing/StripeSignature.h"

#include <gtest/gtest.h>

#include <vector>

namespace marquee::billing {
namespace {

constexpr std::int64_t kNow = 1'780'000'000;
const std::string kBody = R"({"id":"evt_1","type":"checkout.session.completed"})";

TEST(StripeSignature, AGenuineDeliveryVerifies) {
  const std::string header = stripe_signature_for(kBody, "whsec_a", kNow);
  EXPECT_EQ(header.rfind("t=1780000000,v1=", 0), 0u);
  EXPECT_EQ(verify_stripe_signature(header, kBody, {"whsec_a"}, kNow), SignatureCheck::valid);
  // Rotation: the endpoint knows both secrets; the header may carry a signature for each.
  EXPECT_EQ(verify_stripe_signature(header, kBody, {"whsec_old", "whsec_a"}, kNow), SignatureCheck::valid);
  const std::string both = header + ",v1=" + stripe_signature_for(kBody, "whsec_b", kNow).substr(16) + ",v0=abc";
  EXPECT_EQ(verify_stripe_signature(both, kBody, {"whsec_b"}, kNow), SignatureCheck::valid);
}

TEST(StripeSignature, AnythingElseIsRefused) {
  const std::string header = stripe_signature_for(kBody, "whsec_a", kNow);
  EXPECT_EQ(verify_stripe_signature(header, kBody + " ", {"whsec_a"}, kNow), SignatureCheck::no_match) << "body changed";
  EXPECT_EQ(verify_stripe_signature(header, kBody, {"whsec_b"}, kNow), SignatureCheck::no_match) << "another secret";
  EXPECT_EQ(verify_stripe_signature(header, kBody, {}, kNow), SignatureCheck::no_match);
  EXPECT_EQ(verify_stripe_signature(header, kBody, {"whsec_a"}, kNow + 301), SignatureCheck::outside_tolerance) << "stale";
  EXPECT_EQ(verify_stripe_signature(header, kBody, {"whsec_a"}, kNow - 301), SignatureCheck::outside_tolerance)
      << "dated ahead";
  EXPECT_EQ(verify_stripe_signature(header, kBody, {"whsec_a"}, kNow + 300), SignatureCheck::valid);
  // The timestamp is signed: moving it breaks the signature.
  std::string moved = header;
  moved.replace(2, 10, std::to_string(kNow + 1));
  EXPECT_EQ(verify_stripe_signature(moved, kBody, {"whsec_a"}, kNow), SignatureCheck::no_match);
  for (const std::string bad : std::vector<std::string>{"", "t=", "v1=abc", "t=abc,v1=" + std::string(64, 'a'), "t=1,t=2,v1=" + std::string(64, 'a'),
                                "t=" + std::to_string(kNow) + ",v0=" + std::string(64, 'a'), "t=-5,v1=" + std::string(64, 'a')}) {
    EXPECT_EQ(verify_stripe_signature(bad, kBody, {"whsec_a"}, kNow), SignatureCheck::malformed) << bad;
  }
}

}  // namespace
}  // namespace marquee::billing
