#include "views/HistoryCursor.h"

#include "core/TimeCursor.h"

namespace marquee::views {

std::string encode_history_cursor(const HistoryPosition& position) {
  return encode_time_cursor(position.last_watched_at, position.video_id);
}

HistoryPosition decode_history_cursor(std::string_view cursor) {
  auto decoded = decode_time_cursor(cursor);
  HistoryPosition position;
  position.last_watched_at = decoded.at;
  position.video_id = std::move(decoded.id);
  return position;
}

}  // namespace marquee::views
