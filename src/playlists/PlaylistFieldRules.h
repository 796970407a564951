#pragma once
// What users may type into a playlist's fields, and the form it is stored in: the title
// follows the name rules of core/UserText.h, the description the prose rules (NFC,
// trimmed, lengths counted in code points). Each function throws Error(validation_failed)
// naming the field it refuses.
#include <cstddef>
#include <string>
#include <string_view>

#include "playlists/Playlist.h"

namespace marquee::playlists {

inline constexpr std::size_t kMaxTitleLength = 150;
inline constexpr std::size_t kMaxDescriptionLength = 5000;

std::string normalized_title(std::string_view raw);
// Keeps line breaks and tabs; CRLF becomes LF.
std::string normalized_description(std::string_view raw);
PlaylistVisibility checked_visibility(std::string_view raw);

}  // namespace marquee::playlists
