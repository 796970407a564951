#pragma once
// The opaque `cursor` of a user's listings of channels (subscriptions, blocks): base64url of
// "created_at:channel_id", the last item of the page. Anything encode_channel_list_cursor did
// not make is refused.
#include <string>
#include <string_view>

#include "channels/ChannelStore.h"

namespace marquee::channels {

std::string encode_channel_list_cursor(const ChannelListPosition& position);
// Throws Error(validation_failed) naming the field "cursor" when it is malformed.
ChannelListPosition decode_channel_list_cursor(std::string_view cursor);

}  // namespace marquee::channels
