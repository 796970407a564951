#include "playlists/PlaylistPolicy.h"

namespace marquee::playlists {

bool may_view(const accounts::Caller& caller, const Playlist& playlist) {
  if (playlist.visibility != PlaylistVisibility::private_) return true;
  return caller && caller->user_id == playlist.owner_id;
}

bool may_edit(const accounts::Principal& who, const Playlist& playlist) { return who.user_id == playlist.owner_id; }

bool may_delete(const accounts::Principal& who, const Playlist& playlist) {
  if (who.user_id == playlist.owner_id) return true;
  return who.is_moderator() && playlist.visibility != PlaylistVisibility::private_;
}

bool sees_all_playlists_of(const accounts::Caller& caller, const std::string& owner_id) {
  return caller && caller->user_id == owner_id;
}

}  // namespace marquee::playlists
