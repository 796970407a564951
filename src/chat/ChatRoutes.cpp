#include "chat/ChatRoutes.h"

#include <boost/json.hpp>

#include "chat/ChatJson.h"
#include "http/QueryParams.h"

namespace marquee::chat {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

namespace {

// The video's room rule decides who reads its chat.
void require_room(const realtime::RoomAccess& rooms, const accounts::Caller& caller, const std::string& video_id) {
  if (auto refusal = rooms.check(caller, {realtime::RoomKind::video, video_id})) {
    throw Error(refusal->code, refusal->message);
  }
}

}  // namespace

void register_chat_routes(http::Router& router, ChatService& chat, const realtime::RoomAccess& rooms,
                          const accounts::RequestAuth& auth) {
  router.add(
      Method::GET, "/api/videos/{id}/chat",
      [&chat, &rooms, &auth](Request& request) {
        auto caller = auth.caller(request);
        const auto& video_id = request.param("id");
        require_room(rooms, caller, video_id);
        int limit = static_cast<int>(http::limit_param(request).value_or(chat.history()));
        boost::json::array items;
        for (const auto& message : chat.latest(video_id, limit)) items.push_back(chat_message_json(message));
        return Response::json(200, boost::json::object{{"items", std::move(items)}});
      },
      {"The video's newest live-chat messages, oldest first (?limit=, at most realtime.chat_history)", "chat",
       Access::public_, "", "ChatMessageList"});

  router.add(
      Method::DELETE, "/api/videos/{id}/chat/{message_id}",
      [&chat, &auth](Request& request) {
        auto who = auth.require_user(request);
        chat.remove(who, request.param("id"), request.param("message_id"));
        return Response::no_content();
      },
      {"Delete a live-chat message (its author, the video's owner, moderators)", "chat", Access::user, "", "", 204});
}

}  // namespace marquee::chat
