#include "views/HistoryCursor.h"

#include <charconv>

#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Ids.h"

namespace marquee::views {
namespace {

constexpr std::size_t kMaxCursorLength = 128;

[[noreturn]] void refuse_cursor() { throw_validation("cursor", "cursor is not one this server issued"); }

}  // namespace

std::string encode_history_cursor(const HistoryPosition& position) {
  return crypto::base64url_encode(std::to_string(position.last_watched_at) + ":" + position.video_id);
}

HistoryPosition decode_history_cursor(std::string_view cursor) {
  if (cursor.size() > kMaxCursorLength) refuse_cursor();
  auto decoded = crypto::base64url_decode(cursor);
  if (!decoded) refuse_cursor();
  std::string_view text = *decoded;
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) refuse_cursor();

  HistoryPosition position;
  std::string_view millis = text.substr(0, colon);
  auto [end, ec] = std::from_chars(millis.data(), millis.data() + millis.size(), position.last_watched_at);
  if (ec != std::errc() || end != millis.data() + millis.size() || position.last_watched_at < 0) refuse_cursor();

  position.video_id = std::string(text.substr(colon + 1));
  if (!looks_like_public_id(position.video_id)) refuse_cursor();
  return position;
}

}  // namespace marquee::views
