// Access tokens: what verifies, what expires, and the forgeries that must not pass.
#include <gtest/gtest.h>

#include "accounts/PasswordHasher.h"
#include "accounts/TokenSigner.h"
#include "core/Crypto.h"

namespace marquee::accounts {
namespace {

const Principal kAlice{"u1", "alice", Role::creator, true};

TEST(TokenSigner, signed_token_verifies_with_its_claims) {
  ManualClock clock(1'800'000'000'000);
  TokenSigner signer("a-secret-of-at-least-32-characters!!", 900, clock);
  auto claims = signer.verify(signer.sign(kAlice, "session-1"));
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->principal.user_id, "u1");
  EXPECT_EQ(claims->principal.username, "alice");
  EXPECT_EQ(claims->principal.role, Role::creator);
  EXPECT_TRUE(claims->principal.is_premium);
  EXPECT_EQ(claims->session_id, "session-1");
  EXPECT_EQ(claims->expires_at_ms - claims->issued_at_ms, 900'000);
}

TEST(TokenSigner, token_expires_after_its_ttl) {
  ManualClock clock(1'800'000'000'000);
  TokenSigner signer("a-secret-of-at-least-32-characters!!", 900, clock);
  auto token = signer.sign(kAlice, "session-1");
  clock.advance(899'000);
  EXPECT_TRUE(signer.verify(token));
  clock.advance(1'000);
  EXPECT_FALSE(signer.verify(token));
}

TEST(TokenSigner, rejects_other_keys_tampering_and_alg_none) {
  ManualClock clock(1'800'000'000'000);
  TokenSigner signer("a-secret-of-at-least-32-characters!!", 900, clock);
  TokenSigner other("another-secret-of-at-least-32-chars!", 900, clock);
  auto token = signer.sign(kAlice, "session-1");
  EXPECT_FALSE(other.verify(token));

  // Promote ourselves to admin by editing the payload: the signature no longer matches.
  auto dot1 = token.find('.'), dot2 = token.rfind('.');
  std::string payload = *crypto::base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  payload.replace(payload.find("creator"), 7, "admin");
  std::string forged = token.substr(0, dot1) + "." + crypto::base64url_encode(payload) + token.substr(dot2);
  EXPECT_FALSE(signer.verify(forged));

  std::string none_header = crypto::base64url_encode(R"({"alg":"none","typ":"JWT"})");
  EXPECT_FALSE(signer.verify(none_header + "." + crypto::base64url_encode(payload) + "."));
  std::string hs512 = crypto::base64url_encode(R"({"alg":"HS512","typ":"JWT"})");
  EXPECT_FALSE(signer.verify(hs512 + token.substr(dot1)));

  // A token that names no session (as issued before sessions were named) is refused.
  auto signing_input = token.substr(0, dot1) + "." +
                       crypto::base64url_encode(R"({"sub":"u1","name":"alice","role":"user","prem":false,"iat":)" +
                                                std::to_string(1'800'000'000) + R"(,"exp":)" +
                                                std::to_string(1'800'000'900) + "}");
  EXPECT_FALSE(signer.verify(signing_input + "." +
                             crypto::base64url_encode(crypto::hmac_sha256("a-secret-of-at-least-32-characters!!",
                                                                          signing_input))));

  for (const std::string& junk : std::vector<std::string>{"", ".", "..", "a.b.c", "a.b.c.d", std::string(5000, 'a')}) {
    EXPECT_FALSE(signer.verify(junk)) << junk;
  }
}

TEST(PasswordHasher, verifies_the_right_password_only) {
  PasswordHasher hasher(1, 8);
  auto hash = hasher.hash("correct horse battery");
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_TRUE(hasher.verify("correct horse battery", hash));
  EXPECT_FALSE(hasher.verify("correct horse batterY", hash));
  EXPECT_FALSE(hasher.verify("", hash));
  EXPECT_NE(hasher.hash("correct horse battery"), hash);  // salted
}

}  // namespace
}  // namespace marquee::accounts
