#pragma once
// HTTP face of views and watch history: the player's beacon (POST /api/videos/{id}/views),
// resume progress (GET /api/videos/{id}/progress) and the signed-in user's history under
// /api/me/history. Parsing and shaping only; the rules are in ViewService.
#include "accounts/RequestAuth.h"
#include "http/Router.h"
#include "views/ViewService.h"

namespace marquee::views {

// Anonymous viewers are recognised by this httpOnly cookie across sessions.
inline constexpr const char* kViewerCookie = "marquee_viewer";

struct ViewRouteOptions {
  bool secure_cookies = false;  // mark the viewer cookie Secure (behind HTTPS)
};

void register_view_routes(http::Router& router, ViewService& views, const accounts::RequestAuth& auth,
                          ViewRouteOptions options);

}  // namespace marquee::views
