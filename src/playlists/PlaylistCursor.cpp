#include "playlists/PlaylistCursor.h"

#include <charconv>
#include <vector>

#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Ids.h"

namespace marquee::playlists {
namespace {

constexpr std::size_t kMaxCursorLength = 128;

[[noreturn]] void refuse_cursor() { throw_validation("cursor", "cursor is not one this server issued"); }

// The `count` colon-separated fields of a cursor; the last one takes the rest.
std::vector<std::string> cursor_fields(std::string_view cursor, std::size_t count) {
  if (cursor.size() > kMaxCursorLength) refuse_cursor();
  auto decoded = crypto::base64url_decode(cursor);
  if (!decoded) refuse_cursor();
  std::vector<std::string> fields;
  std::string_view text = *decoded;
  while (fields.size() + 1 < count) {
    auto colon = text.find(':');
    if (colon == std::string_view::npos) refuse_cursor();
    fields.emplace_back(text.substr(0, colon));
    text.remove_prefix(colon + 1);
  }
  fields.emplace_back(text);
  return fields;
}

std::int64_t non_negative_number(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 0) refuse_cursor();
  return value;
}

std::string checked_id(std::string id) {
  if (!looks_like_public_id(id)) refuse_cursor();
  return id;
}

}  // namespace

std::string encode_playlist_cursor(const PlaylistListPosition& position) {
  return crypto::base64url_encode(std::to_string(position.group) + ":" + std::to_string(position.created_at) + ":" +
                                  position.id);
}

PlaylistListPosition decode_playlist_cursor(std::string_view cursor) {
  auto fields = cursor_fields(cursor, 3);
  return {non_negative_number(fields[0]), non_negative_number(fields[1]), checked_id(fields[2])};
}

std::string encode_item_cursor(const ItemListPosition& position) {
  return crypto::base64url_encode(std::to_string(position.sort_key) + ":" + position.video_id);
}

ItemListPosition decode_item_cursor(std::string_view cursor) {
  auto fields = cursor_fields(cursor, 2);
  return {non_negative_number(fields[0]), checked_id(fields[1])};
}

}  // namespace marquee::playlists
