#pragma once
// The opaque `cursor` of a subscriber's listing: base64url of "created_at:channel_id", the
// last item of the page. Anything encode_subscription_cursor did not make is refused.
#include <string>
#include <string_view>

#include "channels/ChannelStore.h"

namespace marquee::channels {

std::string encode_subscription_cursor(const SubscriptionListPosition& position);
// Throws Error(validation_failed) naming the field "cursor" when it is malformed.
SubscriptionListPosition decode_subscription_cursor(std::string_view cursor);

}  // namespace marquee::channels
