#include "realtime/Room.h"

namespace marquee::realtime {
namespace {

constexpr std::size_t kMaxKeyLength = 64;

bool valid_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyLength) return false;
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string Room::name() const {
  switch (kind) {
    case RoomKind::site: return kSiteRoom;
    case RoomKind::user: return user_room(key);
    case RoomKind::video: return video_room(key);
    case RoomKind::channel: return channel_room(key);
  }
  return kSiteRoom;
}

std::optional<Room> parse_room(std::string_view name) {
  if (name == kSiteRoom) return Room{RoomKind::site, ""};
  auto colon = name.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto kind = name.substr(0, colon);
  auto key = name.substr(colon + 1);
  if (!valid_key(key)) return std::nullopt;
  if (kind == "user") return Room{RoomKind::user, std::string(key)};
  if (kind == "video") return Room{RoomKind::video, std::string(key)};
  if (kind == "channel") return Room{RoomKind::channel, std::string(key)};
  return std::nullopt;
}

std::string user_room(const std::string& user_id) { return "user:" + user_id; }
std::string video_room(const std::string& video_id) { return "video:" + video_id; }
std::string channel_room(const std::string& username) { return "channel:" + username; }

}  // namespace marquee::realtime
