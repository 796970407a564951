#include "social/ListCursor.h"

#include <charconv>

#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Ids.h"

namespace marquee::social {
namespace {

constexpr std::size_t kMaxCursorLength = 160;

[[noreturn]] void refuse_cursor() { throw_validation("cursor", "cursor is not one this server issued for this list"); }

char kind_letter(CursorKind kind) {
  switch (kind) {
    case CursorKind::newest_comments: return 'n';
    case CursorKind::top_comments: return 't';
    case CursorKind::replies: return 'r';
    case CursorKind::liked_videos: return 'l';
  }
  return '?';
}

// Reads a non-negative integer up to the next ':' and moves `text` past it.
std::int64_t take_number(std::string_view& text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) refuse_cursor();
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + colon, value);
  if (ec != std::errc() || end != text.data() + colon || value < 0) refuse_cursor();
  text.remove_prefix(colon + 1);
  return value;
}

}  // namespace

std::string encode_cursor(CursorKind kind, const ListPosition& position) {
  return crypto::base64url_encode(std::string(1, kind_letter(kind)) + ":" + std::to_string(position.rank) + ":" +
                                  std::to_string(position.at) + ":" + position.id);
}

ListPosition decode_cursor(CursorKind kind, std::string_view cursor) {
  if (cursor.size() > kMaxCursorLength) refuse_cursor();
  auto decoded = crypto::base64url_decode(cursor);
  if (!decoded) refuse_cursor();
  std::string_view text = *decoded;
  if (text.size() < 2 || text[0] != kind_letter(kind) || text[1] != ':') refuse_cursor();
  text.remove_prefix(2);

  ListPosition position;
  position.rank = take_number(text);
  position.at = take_number(text);
  position.id = std::string(text);
  if (!looks_like_public_id(position.id)) refuse_cursor();
  return position;
}

}  // namespace marquee::social
