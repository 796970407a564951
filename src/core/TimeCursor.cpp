#include "core/TimeCursor.h"

#include <charconv>

#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Ids.h"

namespace marquee {
namespace {

constexpr std::size_t kMaxCursorLength = 128;

[[noreturn]] void refuse_cursor() { throw_validation("cursor", "cursor is not one this server issued"); }

}  // namespace

std::string encode_time_cursor(Millis at, std::string_view id) {
  return crypto::base64url_encode(std::to_string(at) + ":" + std::string(id));
}

TimeCursor decode_time_cursor(std::string_view cursor) {
  if (cursor.size() > kMaxCursorLength) refuse_cursor();
  auto decoded = crypto::base64url_decode(cursor);
  if (!decoded) refuse_cursor();
  std::string_view text = *decoded;
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) refuse_cursor();
  TimeCursor position;
  std::string_view millis = text.substr(0, colon);
  auto [end, ec] = std::from_chars(millis.data(), millis.data() + millis.size(), position.at);
  if (ec != std::errc() || end != millis.data() + millis.size() || position.at < 0) refuse_cursor();
  position.id = std::string(text.substr(colon + 1));
  if (!looks_like_public_id(position.id)) refuse_cursor();
  return position;
}

}  // namespace marquee
