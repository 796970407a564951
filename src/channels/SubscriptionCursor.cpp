#include "channels/SubscriptionCursor.h"

#include <charconv>

#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Ids.h"

namespace marquee::channels {
namespace {

constexpr std::size_t kMaxCursorLength = 128;

[[noreturn]] void refuse_cursor() { throw_validation("cursor", "cursor is not one this server issued"); }

}  // namespace

std::string encode_subscription_cursor(const SubscriptionListPosition& position) {
  return crypto::base64url_encode(std::to_string(position.created_at) + ":" + position.channel_id);
}

SubscriptionListPosition decode_subscription_cursor(std::string_view cursor) {
  if (cursor.size() > kMaxCursorLength) refuse_cursor();
  auto decoded = crypto::base64url_decode(cursor);
  if (!decoded) refuse_cursor();
  std::string_view text = *decoded;
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) refuse_cursor();

  SubscriptionListPosition position;
  std::string_view millis = text.substr(0, colon);
  auto [end, ec] = std::from_chars(millis.data(), millis.data() + millis.size(), position.created_at);
  if (ec != std::errc() || end != millis.data() + millis.size() || position.created_at < 0) refuse_cursor();

  position.channel_id = std::string(text.substr(colon + 1));
  if (!looks_like_public_id(position.channel_id)) refuse_cursor();
  return position;
}

}  // namespace marquee::channels
