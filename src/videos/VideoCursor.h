#pragma once
// The opaque `cursor` of video listings: base64url of "created_at:id", the last item of the
// page. Clients must not build cursors; anything encode_cursor did not make is refused.
#include <string>
#include <string_view>

#include "videos/VideoStore.h"

namespace marquee::videos {

std::string encode_cursor(const ListPosition& position);
// Throws Error(validation_failed) naming the field "cursor" when it is malformed.
ListPosition decode_cursor(std::string_view cursor);

}  // namespace marquee::videos
