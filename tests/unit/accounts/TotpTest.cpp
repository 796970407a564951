// TOTP as RFC 6238 defines it (its Appendix B test vectors, SHA-1) and base32 as RFC 4648.
#include <gtest/gtest.h>

#include "accounts/Totp.h"

namespace marquee::accounts {
namespace {

const std::string kRfcSecret = "12345678901234567890";

TEST(Totp, MatchesTheTestVectorsOfRfc6238) {
  const std::pair<std::int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
  };
  for (const auto& [time, code] : vectors) EXPECT_EQ(totp_code(kRfcSecret, time / 30, 8), code) << time;
}

TEST(Totp, SixDigitsAreTheLastSixOfTheSameValue) {
  EXPECT_EQ(totp_code(kRfcSecret, 59 / 30), "287082");
  EXPECT_EQ(totp_code(kRfcSecret, 1111111109 / 30), "081804");  // leading zero kept
}

TEST(Totp, ACodeIsAcceptedOneStepEitherSideAndNoFurther) {
  const std::int64_t now = 1'000'000;
  EXPECT_EQ(totp_matching_step(kRfcSecret, totp_code(kRfcSecret, now), now), now);
  EXPECT_EQ(totp_matching_step(kRfcSecret, totp_code(kRfcSecret, now - 1), now), now - 1);
  EXPECT_EQ(totp_matching_step(kRfcSecret, totp_code(kRfcSecret, now + 1), now), now + 1);
  EXPECT_FALSE(totp_matching_step(kRfcSecret, totp_code(kRfcSecret, now - 2), now));
  EXPECT_FALSE(totp_matching_step(kRfcSecret, "12345", now));
  EXPECT_FALSE(totp_matching_step(kRfcSecret, "", now));
}

TEST(Base32, RoundTripsAndMatchesRfc4648) {
  EXPECT_EQ(base32_encode("foobar"), "MZXW6YTBOI");  // RFC 4648 §10, without padding
  EXPECT_EQ(base32_encode("f"), "MY");
  EXPECT_EQ(base32_decode("MZXW6YTBOI======"), "foobar");
  EXPECT_EQ(base32_decode("mzxw 6ytb oi"), "foobar");
  EXPECT_FALSE(base32_decode("MZXW1"));  // 1 is not in the alphabet
  EXPECT_FALSE(base32_decode("MZ-W"));
  const std::string all_bytes = [] {
    std::string s;
    for (int i = 0; i < 256; ++i) s += static_cast<char>(i);
    return s;
  }();
  EXPECT_EQ(base32_decode(base32_encode(all_bytes)), all_bytes);
}

TEST(Totp, TheUriIsWhatAuthenticatorAppsRead) {
  EXPECT_EQ(otpauth_uri("Marquee", "ada lovelace", "foobar"),
            "otpauth://totp/Marquee:ada%20lovelace?secret=MZXW6YTBOI&issuer=Marquee&algorithm=SHA1&digits=6&period=30");
}

}  // namespace
}  // namespace marquee::accounts
