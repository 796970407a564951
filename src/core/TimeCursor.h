#pragma once
// The opaque `cursor` of newest-first (or oldest-first) listings: base64url of "at:id", the
// last item of the page, where `at` is a time in ms and `id` a public id. Clients must not
// build cursors; anything encode_time_cursor did not make is refused.
#include <string>
#include <string_view>

#include "core/Clock.h"

namespace marquee {

struct TimeCursor {
  Millis at = 0;
  std::string id;
};

std::string encode_time_cursor(Millis at, std::string_view id);
// Throws Error(validation_failed) naming the field "cursor" when it is malformed.
TimeCursor decode_time_cursor(std::string_view cursor);

}  // namespace marquee
