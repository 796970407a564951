#pragma once
#include <cstdint>
#include <string_view>

namespace marquee::http {

// A client's allowance under a rate limit, sent as RateLimit-Limit, RateLimit-Remaining and
// RateLimit-Reset. Numbers, not header strings: every answer of a limited class carries them,
// and the head is written from them (ResponseHead.h) without a string or a search.
struct RateLimitFields {
  std::int64_t limit = 0;
  std::int64_t remaining = 0;
  std::int64_t reset_s = 0;  // until the whole allowance is back
  // `limit` in decimal, kept by a setter that reports the same limit on many answers
  // (RequestLimits renders each class's once; it outlives every answer). Empty: written from
  // `limit`.
  std::string_view limit_digits;
};

}  // namespace marquee::http
