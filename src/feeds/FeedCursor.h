#pragma once
// The opaque `cursor` of every feed: base64url of a small JSON object naming the feed, the
// snapshot its ranking came from and where the last page ended. A cursor carries everything
// the next page needs to continue the same order (snapshot generation, session seed, the
// viewer's tag profile), so any server can answer it. Anything encode_cursor did not make,
// or made for another feed, is refused with 400 naming "cursor".
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/Clock.h"
#include "feeds/TagProfile.h"
#include "feeds/TrendingPeriod.h"

namespace marquee::feeds {

// A place in newest-first order (created_at DESC, id DESC).
struct NewestPosition {
  Millis created_at = 0;
  std::string id;
};

// A place in a trending snapshot: its rank there, and its score and id for continuing in a
// newer snapshot once this one is gone.
struct TrendingPosition {
  std::int64_t rank = 0;
  double score = 0;
  std::string id;
};

struct SubscriptionsCursor {
  NewestPosition after;
};

struct TrendingCursor {
  TrendingPeriod period = TrendingPeriod::day;
  std::int64_t generation = 0;
  TrendingPosition after;
};

// Each source's last served item; absent when the source has served nothing yet.
struct HomeCursor {
  std::int64_t generation = 0;
  std::int64_t position = 0;  // items served so far: the next item's place in the blend pattern
  Millis as_of = 0;           // when the first page was served: uploads after it wait for a new session
  std::optional<NewestPosition> subscriptions;
  std::optional<TrendingPosition> trending;
  std::optional<NewestPosition> fresh;
};

struct ReelsCursor {
  std::int64_t generation = 0;
  std::uint64_t seed = 0;
  std::int64_t offset = 0;  // index of the next item in the session's ordering
  TagProfile profile;
};

std::string encode_cursor(const SubscriptionsCursor& cursor);
std::string encode_cursor(const TrendingCursor& cursor);
std::string encode_cursor(const HomeCursor& cursor);
std::string encode_cursor(const ReelsCursor& cursor);

SubscriptionsCursor decode_subscriptions_cursor(std::string_view cursor);
TrendingCursor decode_trending_cursor(std::string_view cursor);
HomeCursor decode_home_cursor(std::string_view cursor);
ReelsCursor decode_reels_cursor(std::string_view cursor);

}  // namespace marquee::feeds
