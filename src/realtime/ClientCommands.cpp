#include "realtime/ClientCommands.h"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include "accounts/RequestAuth.h"
#include "chat/ChatJson.h"
#include "chat/ChatService.h"

namespace marquee::realtime {

std::string refusal_code(ErrorCode code) {
  switch (code) {
    case ErrorCode::unauthorized: return "unauthenticated";
    case ErrorCode::forbidden:
    case ErrorCode::age_restricted:
    case ErrorCode::suspended: return "forbidden";
    case ErrorCode::not_found:
    case ErrorCode::removed: return "not_found";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::unavailable:
    case ErrorCode::internal: return "unavailable";
    default: return "bad_request";
  }
}

boost::json::object refusal_json(const RoomRefusal& refusal) {
  return {{"code", refusal.wire_code ? std::string(refusal.wire_code) : refusal_code(refusal.code)},
          {"message", refusal.message}};
}

namespace {

// `site` and `user:{id}` are the connection's own: the limit counts the rooms it chose.
constexpr std::size_t kOwnRooms = 2;

CommandResult refused(ErrorCode code, std::string message) { return {nullptr, RoomRefusal{code, std::move(message)}}; }

template <typename F>
CommandResult guarded(F&& fn) {
  try {
    return fn();
  } catch (const Error& e) {
    return refused(e.code(), e.what());
  } catch (const std::exception& e) {
    spdlog::warn("realtime: a socket's request failed: {}", e.what());
    return refused(ErrorCode::unavailable, "the server could not do that now; try again");
  }
}

}  // namespace

CommandResult ClientCommands::authenticate(const std::shared_ptr<Client>& client, const std::string& token) {
  return guarded([&]() -> CommandResult {
    auto claims = auth_.authenticate(token);
    auto before = client->caller();
    if (before && before->user_id != claims.principal.user_id) expire(*client);
    client->set_identity({claims.principal, claims.session_id, claims.expires_at_ms});
    rooms_.join(client, user_room(claims.principal.user_id), max_rooms_ + kOwnRooms);
    return {boost::json::object{{"user_id", claims.principal.user_id}}, std::nullopt};
  });
}

void ClientCommands::welcome(const std::shared_ptr<Client>& client) {
  rooms_.join(client, kSiteRoom, max_rooms_ + kOwnRooms);
  if (auto caller = client->caller()) rooms_.join(client, user_room(caller->user_id), max_rooms_ + kOwnRooms);
}

CommandResult ClientCommands::join(const std::shared_ptr<Client>& client, const std::string& name) {
  return guarded([&]() -> CommandResult {
    auto room = parse_room(name);
    if (!room) return refused(ErrorCode::bad_request, "not a room: use site, user:ID, video:ID or channel:USERNAME");
    if (auto refusal = access_.check(client->caller(), *room)) return {nullptr, refusal};
    auto joined = rooms_.join(client, room->name(), max_rooms_ + kOwnRooms);
    if (joined == RoomRegistry::Joined::too_many_rooms) {
      return {nullptr, RoomRefusal{ErrorCode::conflict,
                                   "a connection may be in " + std::to_string(max_rooms_) + " rooms at most",
                                   "too_many_rooms"}};
    }
    return {boost::json::object{{"room", room->name()}}, std::nullopt};
  });
}

CommandResult ClientCommands::leave(Client& client, const std::string& name) {
  rooms_.leave(client, name);
  return {boost::json::object{{"room", name}}, std::nullopt};
}

CommandResult ClientCommands::chat(Client& client, const std::string& video_id, const std::string& text) {
  return guarded([&]() -> CommandResult {
    auto caller = client.caller();
    if (!caller) return refused(ErrorCode::unauthorized, "sign in to chat");
    if (auto refusal = access_.check(caller, {RoomKind::video, video_id})) return {nullptr, refusal};
    auto message = chat_.post(*caller, video_id, text);
    return {chat::chat_message_json(message), std::nullopt};
  });
}

void ClientCommands::expire(Client& client) {
  client.set_identity({});
  for (const auto& name : rooms_.rooms_of(client)) {
    auto room = parse_room(name);
    if (!room || access_.check(std::nullopt, *room)) rooms_.leave(client, name);
  }
}

}  // namespace marquee::realtime
