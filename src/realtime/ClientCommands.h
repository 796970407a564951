#pragma once
// What a client may ask of the server, whatever its protocol: sign in with a token, join and
// leave rooms, post to a video's chat. /api/ws frames and Socket.IO events both land here, so
// the two protocols obey the same rules. Every method may read the database: call them on
// the realtime pool, never on an I/O thread.
#include <memory>
#include <optional>
#include <string>

#include <boost/json/value.hpp>

#include "realtime/Client.h"
#include "realtime/RoomAccess.h"
#include "realtime/RoomRegistry.h"

namespace marquee::accounts {
class RequestAuth;
}
namespace marquee::chat {
class ChatService;
}

namespace marquee::realtime {

struct CommandResult {
  boost::json::value data;  // on success
  std::optional<RoomRefusal> refusal;

  bool ok() const { return !refusal; }
};

// The wire name of a refusal's code: unauthenticated, forbidden, not_found, bad_request,
// rate_limited, too_many_rooms, unavailable.
std::string refusal_code(ErrorCode code);
// {"code", "message"}
boost::json::object refusal_json(const RoomRefusal& refusal);

class ClientCommands {
 public:
  ClientCommands(RoomRegistry& rooms, const RoomAccess& access, chat::ChatService& chat,
                 const accounts::RequestAuth& auth, std::size_t max_rooms)
      : rooms_(rooms), access_(access), chat_(chat), auth_(auth), max_rooms_(max_rooms) {}

  // Signs the client in (or again, with a fresh token) and puts it in its user's room.
  // A different user than before leaves the old user's rooms first.
  CommandResult authenticate(const std::shared_ptr<Client>& client, const std::string& token);
  // The rooms every connection starts in: `site`, and `user:{id}` when signed in.
  void welcome(const std::shared_ptr<Client>& client);
  CommandResult join(const std::shared_ptr<Client>& client, const std::string& room);
  CommandResult leave(Client& client, const std::string& room);
  CommandResult chat(Client& client, const std::string& video_id, const std::string& text);
  // The token expired and no new one came: the client goes on as anonymous, leaving every
  // room an anonymous client may not be in.
  void expire(Client& client);
  // Leaves every room (the connection is closing).
  void forget(const Client& client) { rooms_.leave_all(client); }
  std::vector<std::string> rooms_of(const Client& client) const { return rooms_.rooms_of(client); }

 private:
  RoomRegistry& rooms_;
  const RoomAccess& access_;
  chat::ChatService& chat_;
  const accounts::RequestAuth& auth_;
  std::size_t max_rooms_;
};

}  // namespace marquee::realtime
