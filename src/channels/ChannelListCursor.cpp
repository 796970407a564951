#include "channels/ChannelListCursor.h"

#include "core/TimeCursor.h"

namespace marquee::channels {

std::string encode_channel_list_cursor(const ChannelListPosition& position) {
  return encode_time_cursor(position.created_at, position.channel_id);
}

ChannelListPosition decode_channel_list_cursor(std::string_view cursor) {
  auto decoded = decode_time_cursor(cursor);
  ChannelListPosition position;
  position.created_at = decoded.at;
  position.channel_id = std::move(decoded.id);
  return position;
}

}  // namespace marquee::channels
