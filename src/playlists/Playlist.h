#pragma once
// A playlist as stored and an item of it as a viewer sees it. Plain data; rules live in
// PlaylistService and PlaylistPolicy, SQL in PlaylistStore, JSON in PlaylistJson.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/Clock.h"
#include "videos/Video.h"

namespace marquee::playlists {

// public: listed on the owner's channel and open to anyone; unlisted: open to anyone holding
// the id, never listed; private: the owner alone, not even moderators.
enum class PlaylistVisibility { public_, unlisted, private_ };

std::string_view visibility_name(PlaylistVisibility visibility);
std::optional<PlaylistVisibility> parse_visibility(std::string_view name);

// A user's own playlist, or one of the two system playlists every user has: always
// private, never renamed or deleted, created the first time they are needed.
enum class PlaylistKind { user, watch_later, saved };

std::string_view kind_name(PlaylistKind kind);
std::optional<PlaylistKind> parse_kind(std::string_view name);
// "Watch later", "Saved".
std::string system_title(PlaylistKind kind);

struct Playlist {
  std::string id;
  std::string owner_id;
  std::string owner_username;
  PlaylistKind kind = PlaylistKind::user;
  std::string title;
  std::string description;
  PlaylistVisibility visibility = PlaylistVisibility::private_;
  std::int64_t item_count = 0;  // the items the reader may see, not every stored one
  Millis created_at = 0;
  Millis updated_at = 0;

  bool is_system() const { return kind != PlaylistKind::user; }
};

// A video in a playlist. `position` is its 0-based rank among the items the reader may
// see, so positions are always 0..n-1 without gaps and hidden videos leave no trace.
struct PlaylistItem {
  std::string playlist_id;
  std::int64_t position = 0;
  Millis added_at = 0;
  videos::Video video;
};

}  // namespace marquee::playlists
