#include "playlists/PlaylistJson.h"

#include "core/JsonPage.h"
#include "videos/VideoJson.h"

namespace marquee::playlists {
boost::json::object playlist_json(const Playlist& playlist) {
  return {
      {"id", playlist.id},
      {"owner", {{"id", playlist.owner_id}, {"username", playlist.owner_username}}},
      {"kind", kind_name(playlist.kind)},
      {"title", playlist.title},
      {"description", playlist.description},
      {"visibility", visibility_name(playlist.visibility)},
      {"item_count", playlist.item_count},
      {"created_at", to_rfc3339(playlist.created_at)},
      {"updated_at", to_rfc3339(playlist.updated_at)},
  };
}

boost::json::object item_json(const PlaylistItem& item) {
  return {
      {"playlist_id", item.playlist_id},
      {"position", item.position},
      {"added_at", to_rfc3339(item.added_at)},
      {"video", videos::video_json(item.video)},
  };
}

boost::json::object playlist_page_json(const PlaylistPage& page) { return json::page_json(page, playlist_json); }

boost::json::object item_page_json(const ItemPage& page) { return json::page_json(page, item_json); }

}  // namespace marquee::playlists
