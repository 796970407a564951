#pragma once
// The opaque cursor of the for-you feed: base64url of a small JSON object holding when the
// session began (history and uploads after it wait for a new session), the exploration seed,
// how many items were served (the place in the interleaving of the two sources) and each
// source's last served (score, id). Anything encode_cursor did not make is refused with 400
// naming "cursor". A cursor of another feed is not a for-you cursor (is_for_you_cursor).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/Clock.h"

namespace marquee::recs {

// A place in a best-first order (score DESC, id ASC).
struct RankedPosition {
  double score = 0;
  std::string id;
};

struct ForYouCursor {
  Millis as_of = 0;
  std::uint64_t seed = 0;
  std::int64_t position = 0;
  std::optional<RankedPosition> taste;     // the taste source's last served item
  std::optional<RankedPosition> fresh;     // the recent uploads' last served item
};

std::string encode_cursor(const ForYouCursor& cursor);
// Throws Error(validation_failed) naming "cursor" for anything encode_cursor did not make.
ForYouCursor decode_for_you_cursor(std::string_view cursor);
// Whether `cursor` claims to be a for-you cursor (it may still be refused by decoding).
bool is_for_you_cursor(std::string_view cursor);

}  // namespace marquee::recs
