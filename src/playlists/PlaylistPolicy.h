#pragma once
// Who may do what with a playlist, in one place. Playlists are personal collections: a
// private one (every system playlist included) is its owner's alone, and moderators may
// take down a public or unlisted playlist but never read or change a private one. Callers
// who may not see a playlist are told it does not exist.
#include <string>

#include "accounts/Principal.h"
#include "playlists/Playlist.h"

namespace marquee::playlists {

// Public and unlisted playlists are open to anyone holding the id; private ones to the owner.
bool may_view(const accounts::Caller& caller, const Playlist& playlist);

// Renaming, describing, re-scoping and editing items: the owner only.
bool may_edit(const accounts::Principal& who, const Playlist& playlist);

// Deleting: the owner, or a moderator when the playlist is not private. System playlists
// are never deleted; PlaylistService refuses that before asking.
bool may_delete(const accounts::Principal& who, const Playlist& playlist);

// A channel's playlist listing shows unlisted and private ones to its owner only.
bool sees_all_playlists_of(const accounts::Caller& caller, const std::string& owner_id);

}  // namespace marquee::playlists
