#pragma once
// GET /api/videos/{id}/chat (the newest messages, for whoever may be in the video's room)
// and DELETE /api/videos/{id}/chat/{message_id}. Messages are posted through a socket
// (docs/realtime.md, Live chat).
#include "accounts/RequestAuth.h"
#include "chat/ChatService.h"
#include "http/Router.h"
#include "realtime/RoomAccess.h"

namespace marquee::chat {

void register_chat_routes(http::Router& router, ChatService& chat, const realtime::RoomAccess& rooms,
                          const accounts::RequestAuth& auth);

}  // namespace marquee::chat
