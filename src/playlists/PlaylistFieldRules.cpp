#include "playlists/PlaylistFieldRules.h"

#include "core/Error.h"
#include "core/UserText.h"

namespace marquee::playlists {

std::string normalized_title(std::string_view raw) { return text::clean_name(raw, "title", kMaxTitleLength); }

std::string normalized_description(std::string_view raw) {
  return text::clean_prose(raw, "description", kMaxDescriptionLength, text::Presence::optional);
}

PlaylistVisibility checked_visibility(std::string_view raw) {
  auto visibility = parse_visibility(raw);
  if (!visibility) throw_validation("visibility", "visibility must be public, unlisted or private");
  return *visibility;
}

}  // namespace marquee::playlists
