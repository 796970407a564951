#pragma once
// Room names, the addresses of realtime events: `site`, `user:{id}`, `video:{id}` and
// `channel:{username}` (docs/realtime.md, Rooms).
#include <optional>
#include <string>
#include <string_view>

namespace marquee::realtime {

enum class RoomKind { site, user, video, channel };

struct Room {
  RoomKind kind = RoomKind::site;
  std::string key;  // the id or username; empty for site

  std::string name() const;
};

inline constexpr const char* kSiteRoom = "site";

// nullopt for anything that is not a room name (unknown kind, empty or over-long key,
// characters outside [A-Za-z0-9_.-]).
std::optional<Room> parse_room(std::string_view name);

std::string user_room(const std::string& user_id);
std::string video_room(const std::string& video_id);
std::string channel_room(const std::string& username);

}  // namespace marquee::realtime
