#pragma once
// The JSON shapes of playlists and their items, shared by every route that returns them.
#include <boost/json/object.hpp>

#include "playlists/Playlist.h"
#include "playlists/PlaylistService.h"

namespace marquee::playlists {

boost::json::object playlist_json(const Playlist& playlist);
// {"playlist_id","position","added_at","video":{…video_json…}}
boost::json::object item_json(const PlaylistItem& item);
// {"items":[…],"next_cursor":…}
boost::json::object playlist_page_json(const PlaylistPage& page);
boost::json::object item_page_json(const ItemPage& page);

}  // namespace marquee::playlists
