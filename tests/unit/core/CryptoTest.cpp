// Known-answer tests for the primitives tokens and signed URLs rest on.
#include <gtest/gtest.h>

#include "core/Crypto.h"
#include "core/Ids.h"
#include "core/Text.h"

namespace marquee {
namespace {

TEST(Crypto, sha256_matches_known_answer) {
  EXPECT_EQ(crypto::to_hex(crypto::sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, hmac_sha256_matches_rfc4231_case_2) {
  EXPECT_EQ(crypto::to_hex(crypto::hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Crypto, base64url_round_trips_and_rejects_junk) {
  for (const std::string& s : std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\0\xff\xfe", 3)}) {
    EXPECT_EQ(crypto::base64url_decode(crypto::base64url_encode(s)), s);
  }
  EXPECT_EQ(crypto::base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(crypto::base64_encode("fo"), "Zm8=");
  EXPECT_FALSE(crypto::base64url_decode("a"));
  EXPECT_FALSE(crypto::base64url_decode("ab$d"));
}

TEST(Ids, public_ids_are_url_safe_and_distinct) {
  auto a = new_public_id(), b = new_public_id();
  EXPECT_EQ(a.size(), 12u);
  EXPECT_NE(a, b);
  EXPECT_TRUE(looks_like_public_id(a));
  EXPECT_FALSE(looks_like_public_id("../etc/passwd"));
  EXPECT_FALSE(looks_like_public_id(""));
}

TEST(Text, utf8_validation_rejects_malformed_sequences) {
  EXPECT_TRUE(text::is_valid_utf8("plain"));
  EXPECT_TRUE(text::is_valid_utf8("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\xac"));
  EXPECT_FALSE(text::is_valid_utf8("\xc3"));              // truncated
  EXPECT_FALSE(text::is_valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(text::is_valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(text::is_valid_utf8("\xf4\x90\x80\x80"));  // beyond U+10FFFF
  EXPECT_EQ(text::code_points("caf\xc3\xa9"), 4u);
  EXPECT_EQ(text::code_points("\xf0\x9f\x8e\xac"), 1u);
}

}  // namespace
}  // namespace marquee
