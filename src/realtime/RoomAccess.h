#pragma once
// Who may be in a room: the HTTP API's rules, asked of the services that make them.
// `user:{id}` is for that user alone; `video:{id}` for whoever may watch the video
// (videos::may_view, then the watch endpoint's premium rule); `channel:{username}` for
// anyone, when the channel exists; `site` for anyone. Reads the database: call it on the
// blocking pool.
#include <optional>
#include <string>

#include "accounts/AgeGate.h"
#include "accounts/Principal.h"
#include "core/Error.h"
#include "realtime/Room.h"

namespace marquee::videos {
class VideoService;
}
namespace marquee::channels {
class ChannelService;
}

namespace marquee::realtime {

struct RoomRefusal {
  ErrorCode code;  // unauthorized, forbidden, not_found
  std::string message;
  const char* wire_code = nullptr;  // a code of the realtime protocols' own (too_many_rooms)
};

class RoomAccess {
 public:
  // `age_gate`: a signed-in socket joins an adult video's room only past the gate (a signed-out
  // socket carries no gate cookie it could show, so it does not join one).
  RoomAccess(videos::VideoService& videos, channels::ChannelService& channels, const accounts::AgeGate& age_gate)
      : videos_(videos), channels_(channels), age_gate_(age_gate) {}

  // nullopt: allowed.
  std::optional<RoomRefusal> check(const accounts::Caller& caller, const Room& room) const;

 private:
  videos::VideoService& videos_;
  channels::ChannelService& channels_;
  const accounts::AgeGate& age_gate_;
};

}  // namespace marquee::realtime
