#pragma once
// The rules of playlists: who may create, see, change and delete them, their system
// playlists (Watch later, Saved), and the ordered items inside them. Items only ever show
// videos the reader may watch; everything else is left out without a trace. Callers pass
// who is asking; the service answers 404 rather than 403 whenever the asker may not know
// the playlist exists.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "db/Database.h"
#include "playlists/Playlist.h"
#include "playlists/PlaylistStore.h"
#include "videos/VideoService.h"

namespace marquee::playlists {

inline constexpr std::int64_t kDefaultPageSize = 20;
inline constexpr std::int64_t kMaxPageSize = 100;
// Videos one playlist may hold; adding beyond is a 409.
inline constexpr std::int64_t kMaxItemsPerPlaylist = 5000;

// What a client may set. On create, title is required and visibility defaults to private;
// on update, absent fields stay as they are.
struct PlaylistFields {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> visibility;  // "public" | "unlisted" | "private"
};

struct PageQuery {
  std::optional<std::int64_t> limit;
  std::optional<std::string> cursor;  // next_cursor of the previous page
  bool adult_allowed = true;          // items: false leaves others' adult videos out (the age gate)
};

struct PlaylistPage {
  std::vector<Playlist> items;
  std::optional<std::string> next_cursor;  // absent on the last page
};

struct ItemPage {
  std::vector<PlaylistItem> items;
  std::optional<std::string> next_cursor;
};

// The signed-in user's playlists, with the ids of their system playlists.
struct OwnPlaylists {
  PlaylistPage page;
  std::string watch_later_id;
  std::string saved_id;
};

struct AddedItem {
  PlaylistItem item;
  bool added = false;  // false: the video was already there, and stays where it was
};

class PlaylistService {
 public:
  PlaylistService(db::Database& db, videos::VideoService& videos, const Clock& clock)
      : store_(db), videos_(videos), clock_(clock) {}

  Playlist create(const accounts::Principal& owner, const PlaylistFields& fields);
  Playlist get(const accounts::Caller& caller, const std::string& id);
  // Owner only; system playlists cannot be changed (403).
  Playlist update(const accounts::Principal& editor, const std::string& id, const PlaylistFields& fields);
  // The owner, or a moderator for a playlist that is not private; never a system playlist.
  void remove(const accounts::Principal& editor, const std::string& id);

  // In playlist order, only the videos the caller may watch.
  ItemPage items(const accounts::Caller& caller, const std::string& playlist_id, const PageQuery& query);
  // Owner only. `position` (0-based, absent: last) past the end means last. Adding a video
  // that is already there is not an error: it stays where it is and `added` is false.
  AddedItem add_item(const accounts::Principal& editor, const std::string& playlist_id, const std::string& video_id,
                     std::optional<std::int64_t> position);
  // Owner only. Removing a video that is not there succeeds (idempotent).
  void remove_item(const accounts::Principal& editor, const std::string& playlist_id, const std::string& video_id);
  // Owner only. `position` is 0-based; past the end means last.
  PlaylistItem move_item(const accounts::Principal& editor, const std::string& playlist_id,
                         const std::string& video_id, std::int64_t position);

  // Every playlist of the caller's, system ones first (created here the first time).
  OwnPlaylists list_own(const accounts::Principal& owner, const PageQuery& query);
  // A channel's playlists: all of them for its owner, the public ones for everyone else.
  PlaylistPage list_channel(const accounts::Caller& caller, const std::string& username, const PageQuery& query);
  // The owner's Watch later or Saved playlist, created the first time it is asked for.
  Playlist system_playlist(const accounts::Principal& owner, PlaylistKind kind);
  // Appends to the owner's Watch later or Saved playlist.
  AddedItem add_to_system_playlist(const accounts::Principal& owner, PlaylistKind kind, const std::string& video_id);

 private:
  // The row with its video, or nullopt when the video is gone or the caller may not watch it.
  std::optional<PlaylistItem> loaded_item(const accounts::Caller& caller, const std::string& playlist_id,
                                          const ItemRow& row);

  PlaylistStore store_;
  videos::VideoService& videos_;
  const Clock& clock_;
};

}  // namespace marquee::playlists
