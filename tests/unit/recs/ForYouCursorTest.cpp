// ForYouCursor: what it carries comes back exactly; nothing else is taken for it.
#include <gtest/gtest.h>

#include "core/Crypto.h"
#include "core/Error.h"
#include "recs/ForYouCursor.h"
#include "support/DomainFixtures.h"

namespace marquee::recs {
namespace {

TEST(ForYouCursor, round_trips_every_field_exactly) {
  ForYouCursor cursor;
  cursor.as_of = 1'700'000'000'123;
  cursor.seed = 0xfedcba9876543210ull;  // beyond what a JSON number carries exactly
  cursor.position = 41;
  cursor.taste = RankedPosition{0.1 + 0.2, "AbCdEfGhIjKl"};
  const auto decoded = decode_for_you_cursor(encode_cursor(cursor));
  EXPECT_EQ(decoded.as_of, cursor.as_of);
  EXPECT_EQ(decoded.seed, cursor.seed);
  EXPECT_EQ(decoded.position, cursor.position);
  ASSERT_TRUE(decoded.taste);
  EXPECT_EQ(decoded.taste->score, 0.1 + 0.2);
  EXPECT_EQ(decoded.taste->id, "AbCdEfGhIjKl");
  EXPECT_FALSE(decoded.fresh);
  EXPECT_TRUE(is_for_you_cursor(encode_cursor(cursor)));
}

TEST(ForYouCursor, other_feeds_cursors_and_garbage_are_refused) {
  const std::string home = crypto::base64url_encode(R"({"f":"home","g":1,"n":0,"a":1})");
  EXPECT_FALSE(is_for_you_cursor(home));
  for (const std::string& bad : {home, std::string("garbage"), std::string(""),
                                 crypto::base64url_encode(R"({"f":"for_you"})"),
                                 crypto::base64url_encode(R"({"f":"for_you","a":-1,"s":"1","n":0,"p":null,"r":null})"),
                                 crypto::base64url_encode(R"({"f":"for_you","a":1,"s":"x","n":0,"p":null,"r":null})"),
                                 crypto::base64url_encode(R"({"f":"for_you","a":1,"s":"1","n":0,"p":["nan","AbCdEfGhIjKl"],"r":null})"),
                                 crypto::base64url_encode(R"({"f":"for_you","a":1,"s":"1","n":0,"p":["1","<script>"],"r":null})")}) {
    const Error e = testing::error_from([&] { decode_for_you_cursor(bad); });
    EXPECT_EQ(testing::field_of(e), "cursor") << bad;
  }
}

}  // namespace
}  // namespace marquee::recs
