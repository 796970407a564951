#include "videos/VideoCursor.h"

#include "core/TimeCursor.h"

namespace marquee::videos {

std::string encode_cursor(const ListPosition& position) { return encode_time_cursor(position.created_at, position.id); }

ListPosition decode_cursor(std::string_view cursor) {
  auto decoded = decode_time_cursor(cursor);
  return {decoded.at, std::move(decoded.id)};
}

}  // namespace marquee::videos
