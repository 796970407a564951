#include "realtime/RoomAccess.h"

#include "channels/ChannelService.h"
#include "videos/VideoService.h"

namespace marquee::realtime {

std::optional<RoomRefusal> RoomAccess::check(const accounts::Caller& caller, const Room& room) const {
  try {
    switch (room.kind) {
      case RoomKind::site: return std::nullopt;
      case RoomKind::user:
        if (!caller) return RoomRefusal{ErrorCode::unauthorized, "sign in to join your own room"};
        if (caller->user_id != room.key) return RoomRefusal{ErrorCode::forbidden, "a user's room is theirs alone"};
        return std::nullopt;
      case RoomKind::channel: channels_.channel_named(room.key); return std::nullopt;
      case RoomKind::video: {
        auto video = videos_.get(caller, room.key);  // 404 for those who may not see it, 410 when removed
        bool privileged = caller && (caller->user_id == video.owner_id || caller->is_moderator());
        if (video.is_adult && !privileged && !(caller && age_gate_.passed(*caller))) {
          return RoomRefusal{ErrorCode::age_restricted, "this video is for adults: confirm your age first"};
        }
        if (video.is_premium && !privileged && !(caller && caller->is_premium)) {
          return RoomRefusal{ErrorCode::forbidden, "this video is for premium members"};
        }
        return std::nullopt;
      }
    }
  } catch (const Error& e) {
    return RoomRefusal{e.code(), e.what()};
  }
  return std::nullopt;
}

}  // namespace marquee::realtime
