#pragma once
// HTTP face of playlists: /api/playlists/…, the signed-in user's /api/me/playlists,
// /api/me/watch-later and /api/me/saved, and a channel's /api/users/{username}/playlists.
// Reads the request, asks PlaylistService, answers with PlaylistJson.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "playlists/PlaylistService.h"

namespace marquee::playlists {

void register_playlist_routes(http::Router& router, PlaylistService& playlists, const accounts::RequestAuth& auth);

}  // namespace marquee::playlists
