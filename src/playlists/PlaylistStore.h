#pragma once
// The SQL of playlists and their items. Knows tables, not rules: PlaylistService decides
// who may do what and hands its checks to the store, so each read-check-write runs in one
// transaction.
//
// Order: an item's `position` column is an ordering key, unique within its playlist. Every
// item edit holds the playlist's lock (PostgreSQL: its row, SELECT … FOR UPDATE; SQLite:
// the single writer), so concurrent adds and moves apply one after another and never
// share a key. Keys may have gaps (a deleted video cascades away), so readers get ranks:
// 0..n-1 over the items they may see.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"
#include "playlists/Playlist.h"

namespace marquee::playlists {

// Which videos of a playlist a reader sees, as videos::may_view decides: public and
// unlisted ones always, private ones when the reader owns them, every one for moderators.
struct VideoScope {
  std::optional<std::string> reader_id;
  bool sees_every_private_video = false;
  bool hide_adult = false;  // the age gate: others' adult videos are left out
};

// A place in a channel's playlist listing: system playlists first (Watch later, then
// Saved), then the owner's own newest first.
struct PlaylistListPosition {
  std::int64_t group = 0;  // list_group(kind)
  Millis created_at = 0;
  std::string id;
};

// The first sort key of that listing: 0 for Watch later, 1 for Saved, 2 for the rest.
std::int64_t list_group(PlaylistKind kind);

struct PlaylistListFilter {
  std::string owner_id;
  bool public_only = true;  // false: unlisted, private and system playlists too
  VideoScope scope;         // whose items item_count counts
  std::optional<PlaylistListPosition> after;
  int limit = 20;
};

// Where an item listing goes on: after this video while it is still in the playlist,
// otherwise after the ordering key it had. Adds and removes elsewhere neither repeat nor
// skip an item.
struct ItemListPosition {
  std::int64_t sort_key = 0;
  std::string video_id;
};

struct ItemListFilter {
  std::string playlist_id;
  VideoScope scope;
  std::optional<ItemListPosition> after;
  int limit = 20;
};

// An item of a listing before its video is loaded.
struct ItemRow {
  std::string video_id;
  std::int64_t position = 0;  // rank among the items the reader sees
  std::int64_t sort_key = 0;
  Millis added_at = 0;
};

enum class ItemOutcome { changed, unchanged, no_playlist, no_video, not_in_playlist, full };

struct ItemChange {
  ItemOutcome outcome = ItemOutcome::no_playlist;
  std::int64_t position = 0;  // changed/unchanged: the video's rank among the editor's items
  Millis added_at = 0;
};

// Sees the playlist before anything is written; throws to refuse (nothing is written then).
// May run more than once if the transaction is retried.
using Approval = std::function<void(const Playlist&)>;

class PlaylistStore {
 public:
  explicit PlaylistStore(db::Database& db) : db_(db) {}

  // Stores a new playlist. Returns the owner's username, or nullopt when the owner's account
  // does not exist. Throws db::UniqueViolation when the id is taken.
  std::optional<std::string> insert(const Playlist& playlist);
  // The owner's system playlist of fresh.kind, stored from `fresh` the first time it is
  // asked for; concurrent first calls all get the same one. nullopt when the owner's account
  // does not exist. Throws db::UniqueViolation when fresh.id is taken.
  std::optional<Playlist> ensure_system(const Playlist& fresh, const VideoScope& scope);
  std::optional<Playlist> find(const std::string& id, const VideoScope& scope);
  // Locks the playlist, lets `edit` change title, description and visibility (or throw to
  // refuse) and saves them with updated_at. nullopt when there is no such playlist.
  std::optional<Playlist> modify(const std::string& id, const VideoScope& scope,
                                 const std::function<void(Playlist&)>& edit);
  // Deletes the playlist and its items once `approve` accepts; false when there is none.
  bool remove(const std::string& id, const Approval& approve);
  std::vector<Playlist> list(const PlaylistListFilter& filter);
  // In playlist order, at most filter.limit items the scope sees.
  std::vector<ItemRow> list_items(const ItemListFilter& filter);

  // Puts the video before the item now at rank `position` among those `scope` sees, or
  // last when absent or past the end. A video already in the playlist stays where it is
  // (unchanged). `full` when the playlist already holds max_items videos.
  ItemChange add_item(const std::string& playlist_id, const std::string& video_id,
                      std::optional<std::int64_t> position, const VideoScope& scope, std::int64_t max_items,
                      Millis now, const Approval& approve);
  // Moves the video so that its rank among the items `scope` sees becomes `position`
  // (last when past the end). not_in_playlist also when the scope does not see it.
  ItemChange move_item(const std::string& playlist_id, const std::string& video_id, std::int64_t position,
                       const VideoScope& scope, Millis now, const Approval& approve);
  // changed when the video was there, unchanged when it was not.
  ItemChange remove_item(const std::string& playlist_id, const std::string& video_id, Millis now,
                         const Approval& approve);

  // The id of the account whose username matches, ignoring ASCII case.
  std::optional<std::string> find_user_id_by_username(const std::string& username);

 private:
  bool lock_playlist(db::Connection& c, const std::string& id);

  db::Database& db_;
};

}  // namespace marquee::playlists
