#pragma once
// The opaque `cursor` of social listings: base64url of "kind:rank:at:id", the last item of a
// page. The kind ties a cursor to the listing and sort that issued it, so a `top` cursor is
// refused by `newest`. Clients must not build cursors; anything encode_cursor did not make
// is refused.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/Clock.h"

namespace marquee::social {

enum class CursorKind {
  newest_comments,  // (created_at, id) descending
  top_comments,     // (likes_count, created_at, id) descending
  replies,          // (created_at, id) ascending
  liked_videos,     // (liked at, video id) descending
};

struct ListPosition {
  std::int64_t rank = 0;  // likes_count for top_comments; 0 otherwise
  Millis at = 0;
  std::string id;
};

std::string encode_cursor(CursorKind kind, const ListPosition& position);
// Throws Error(validation_failed) naming the field "cursor" when it is malformed or was
// issued for another kind of listing.
ListPosition decode_cursor(CursorKind kind, std::string_view cursor);

}  // namespace marquee::social
