#pragma once
// The opaque `cursor` of the watch-history listing: base64url of "last_watched_at:video_id",
// the last row of the page. Anything encode_history_cursor did not make is refused.
#include <string>
#include <string_view>

#include "views/ViewStore.h"

namespace marquee::views {

std::string encode_history_cursor(const HistoryPosition& position);
// Throws Error(validation_failed) naming the field "cursor" when it is malformed.
HistoryPosition decode_history_cursor(std::string_view cursor);

}  // namespace marquee::views
