#include "playlists/PlaylistJson.h"

#include <boost/json/array.hpp>

#include "videos/VideoJson.h"

namespace marquee::playlists {
namespace {

boost::json::value cursor_json(const std::optional<std::string>& cursor) {
  if (cursor) return boost::json::value(*cursor);
  return nullptr;
}

}  // namespace

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

boost::json::object playlist_page_json(const PlaylistPage& page) {
  boost::json::array items;
  for (const auto& playlist : page.items) items.emplace_back(playlist_json(playlist));
  return {{"items", std::move(items)}, {"next_cursor", cursor_json(page.next_cursor)}};
}

boost::json::object item_page_json(const ItemPage& page) {
  boost::json::array items;
  for (const auto& item : page.items) items.emplace_back(item_json(item));
  return {{"items", std::move(items)}, {"next_cursor", cursor_json(page.next_cursor)}};
}

}  // namespace marquee::playlists
