#pragma once
// An event on its way to the sockets of a room, encoded once per protocol however many
// sockets receive it: `{"type":"event",…}` for /api/ws, `42["name",data]` for Socket.IO.
#include <memory>
#include <string>

namespace marquee::realtime {

struct OutboundEvent {
  std::shared_ptr<const std::string> websocket_frame;
  std::shared_ptr<const std::string> socketio_frame;
};

// `data_json` is a JSON value (an object for every event Marquee sends).
OutboundEvent encode_outbound(const std::string& event, const std::string& room, const std::string& data_json);

}  // namespace marquee::realtime
