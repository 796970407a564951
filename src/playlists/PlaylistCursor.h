#pragma once
// The opaque `cursor`s of playlist listings, base64url like every cursor Marquee issues:
// "group:created_at:id" for a channel's playlists, "sort_key:video_id" for a playlist's
// items. Anything the encoders did not make is refused.
#include <string>
#include <string_view>

#include "playlists/PlaylistStore.h"

namespace marquee::playlists {

std::string encode_playlist_cursor(const PlaylistListPosition& position);
// Throws Error(validation_failed) naming the field "cursor" when it is malformed.
PlaylistListPosition decode_playlist_cursor(std::string_view cursor);

std::string encode_item_cursor(const ItemListPosition& position);
// Throws Error(validation_failed) naming the field "cursor" when it is malformed.
ItemListPosition decode_item_cursor(std::string_view cursor);

}  // namespace marquee::playlists
