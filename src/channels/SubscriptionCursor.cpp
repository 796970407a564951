#include "channels/SubscriptionCursor.h"

#include "core/TimeCursor.h"

namespace marquee::channels {

std::string encode_subscription_cursor(const SubscriptionListPosition& position) {
  return encode_time_cursor(position.created_at, position.channel_id);
}

SubscriptionListPosition decode_subscription_cursor(std::string_view cursor) {
  auto decoded = decode_time_cursor(cursor);
  SubscriptionListPosition position;
  position.created_at = decoded.at;
  position.channel_id = std::move(decoded.id);
  return position;
}

}  // namespace marquee::channels
