// Feed cursors round-trip and refuse anything this server did not issue for that feed.
#include <gtest/gtest.h>

#include "core/Crypto.h"
#include "core/Error.h"
#include "feeds/FeedCursor.h"

namespace marquee::feeds {
namespace {

void expect_refused(const std::function<void()>& decode) {
  try {
    decode();
    ADD_FAILURE() << "cursor accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
    EXPECT_EQ(e.details().at("field"), "cursor");
  }
}

TEST(FeedCursor, subscriptions_and_trending_cursors_round_trip) {
  auto subs = decode_subscriptions_cursor(encode_cursor(SubscriptionsCursor{{1700000000123, "abcDEF123_-x"}}));
  EXPECT_EQ(subs.after.created_at, 1700000000123);
  EXPECT_EQ(subs.after.id, "abcDEF123_-x");

  TrendingCursor trending{TrendingPeriod::week, 42, {17, 1234.5678901234567, "abcDEF123_-x"}};
  auto back = decode_trending_cursor(encode_cursor(trending));
  EXPECT_EQ(back.period, TrendingPeriod::week);
  EXPECT_EQ(back.generation, 42);
  EXPECT_EQ(back.after.rank, 17);
  EXPECT_EQ(back.after.score, 1234.5678901234567);
  EXPECT_EQ(back.after.id, "abcDEF123_-x");
}

TEST(FeedCursor, home_cursor_keeps_each_sources_position) {
  HomeCursor home;
  home.generation = 9;
  home.position = 40;
  home.as_of = 1700000000999;
  home.trending = TrendingPosition{12, 3.5, "trendingvid1"};
  home.fresh = NewestPosition{55, "freshvideo01"};
  auto back = decode_home_cursor(encode_cursor(home));
  EXPECT_EQ(back.generation, 9);
  EXPECT_EQ(back.position, 40);
  EXPECT_EQ(back.as_of, 1700000000999);
  EXPECT_FALSE(back.subscriptions);
  ASSERT_TRUE(back.trending);
  EXPECT_EQ(back.trending->rank, 12);
  ASSERT_TRUE(back.fresh);
  EXPECT_EQ(back.fresh->id, "freshvideo01");
}

TEST(FeedCursor, reels_cursor_carries_seed_and_taste) {
  ReelsCursor reels{7, 0xfedcba9876543210ull, 25, TagProfile({{"cats", 5}, {"funny", 2}})};
  auto back = decode_reels_cursor(encode_cursor(reels));
  EXPECT_EQ(back.generation, 7);
  EXPECT_EQ(back.seed, 0xfedcba9876543210ull);
  EXPECT_EQ(back.offset, 25);
  EXPECT_EQ(back.profile.weights(), reels.profile.weights());
}

TEST(FeedCursor, cursors_of_another_feed_are_refused) {
  auto subs = encode_cursor(SubscriptionsCursor{{1, "abcDEF123_-x"}});
  expect_refused([&] { decode_home_cursor(subs); });
  expect_refused([&] { decode_trending_cursor(subs); });
  expect_refused([&] { decode_reels_cursor(subs); });
}

TEST(FeedCursor, malformed_cursors_are_refused) {
  expect_refused([] { decode_home_cursor("not base64!"); });
  expect_refused([] { decode_home_cursor(crypto::base64url_encode("[1,2]")); });
  expect_refused([] { decode_home_cursor(crypto::base64url_encode(R"({"f":"home","g":-1,"n":0,"a":0})")); });
  expect_refused([] { decode_trending_cursor(crypto::base64url_encode(R"({"f":"trending","w":"1h","g":1,"a":[1,"1.0","abc"]})")); });
  expect_refused([] { decode_trending_cursor(crypto::base64url_encode(R"({"f":"trending","w":"24h","g":1,"a":[1,"nan","abc"]})")); });
  expect_refused([] { decode_subscriptions_cursor(crypto::base64url_encode(R"({"f":"subscriptions","a":[1,"../etc"]})")); });
  expect_refused([] { decode_reels_cursor(crypto::base64url_encode(R"({"f":"reels","g":1,"s":"xyz","o":0,"p":[]})")); });
  expect_refused([] { decode_reels_cursor(crypto::base64url_encode(R"({"f":"reels","g":1,"s":"ff","o":0,"p":[["a",0]]})")); });
  expect_refused([] { decode_reels_cursor(std::string(5000, 'A')); });
}

}  // namespace
}  // namespace marquee::feeds
