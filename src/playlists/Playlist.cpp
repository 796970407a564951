#include "playlists/Playlist.h"

namespace marquee::playlists {

std::string_view visibility_name(PlaylistVisibility visibility) {
  switch (visibility) {
    case PlaylistVisibility::public_: return "public";
    case PlaylistVisibility::unlisted: return "unlisted";
    case PlaylistVisibility::private_: return "private";
  }
  return "private";
}

std::optional<PlaylistVisibility> parse_visibility(std::string_view name) {
  if (name == "public") return PlaylistVisibility::public_;
  if (name == "unlisted") return PlaylistVisibility::unlisted;
  if (name == "private") return PlaylistVisibility::private_;
  return std::nullopt;
}

std::string_view kind_name(PlaylistKind kind) {
  switch (kind) {
    case PlaylistKind::user: return "user";
    case PlaylistKind::watch_later: return "watch_later";
    case PlaylistKind::saved: return "saved";
  }
  return "user";
}

std::optional<PlaylistKind> parse_kind(std::string_view name) {
  if (name == "user") return PlaylistKind::user;
  if (name == "watch_later") return PlaylistKind::watch_later;
  if (name == "saved") return PlaylistKind::saved;
  return std::nullopt;
}

std::string system_title(PlaylistKind kind) {
  switch (kind) {
    case PlaylistKind::watch_later: return "Watch later";
    case PlaylistKind::saved: return "Saved";
    case PlaylistKind::user: break;
  }
  return "";
}

}  // namespace marquee::playlists
