// The cursors of social listings: what encode_cursor makes, decode_cursor reads back for
// the same listing only; anything else is a 400 naming "cursor".
#include <gtest/gtest.h>

#include "core/Crypto.h"
#include "core/Error.h"
#include "social/ListCursor.h"

namespace marquee::social {
namespace {

std::string refused_field(CursorKind kind, const std::string& cursor) {
  try {
    decode_cursor(kind, cursor);
  } catch (const Error& e) {
    auto it = e.details().find("field");
    return it == e.details().end() ? "?" : it->second;
  }
  return "accepted";
}

TEST(ListCursor, round_trips_for_the_listing_that_issued_it) {
  ListPosition position{42, 1'700'000'000'123, "AbC-_09xyzQW"};
  for (auto kind : {CursorKind::newest_comments, CursorKind::top_comments, CursorKind::replies,
                    CursorKind::liked_videos}) {
    ListPosition back = decode_cursor(kind, encode_cursor(kind, position));
    EXPECT_EQ(back.rank, 42);
    EXPECT_EQ(back.at, 1'700'000'000'123);
    EXPECT_EQ(back.id, "AbC-_09xyzQW");
  }
}

TEST(ListCursor, refuses_cursors_of_other_listings_and_forged_ones) {
  std::string top = encode_cursor(CursorKind::top_comments, {1, 2, "abcdefghijkl"});
  EXPECT_EQ(refused_field(CursorKind::newest_comments, top), "cursor");
  EXPECT_EQ(refused_field(CursorKind::replies, top), "cursor");
  for (const std::string& forged :
       {std::string(""), std::string("!!!"), crypto::base64url_encode("t:1:2"), crypto::base64url_encode("t:-1:2:abc"),
        crypto::base64url_encode("t:1:2:"), crypto::base64url_encode("t:1:2:a/b"), crypto::base64url_encode("t:x:2:abc"),
        std::string(400, 'A')}) {
    EXPECT_EQ(refused_field(CursorKind::top_comments, forged), "cursor") << forged;
  }
}

}  // namespace
}  // namespace marquee::social
