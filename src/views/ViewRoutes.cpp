#include "views/ViewRoutes.h"


#include "core/Error.h"
#include "core/Json.h"
#include "http/QueryParams.h"
#include "views/TrafficSource.h"
#include "views/ViewJson.h"

namespace marquee::views {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

constexpr long long kViewerCookieMaxAge = 365ll * 24 * 3600;

std::int64_t required_int(const json::BodyReader& body, std::string_view key) {
  auto value = body.optional_int(key);
  if (!value) throw_validation(std::string(key), std::string(key) + " is required");
  return *value;
}

Beacon beacon_from(const Request& request) {
  json::BodyReader body(request.body);
  Beacon beacon;
  beacon.position_ms = required_int(body, "position_ms");
  beacon.watched_ms = required_int(body, "watched_ms");
  beacon.session_id = body.required_string("session_id");
  // Optional; whatever is not a known source's name (another type included) counts as
  // external rather than costing the beacon its watch time.
  if (const auto* source = body.object().if_contains("source"); source && !source->is_null()) {
    beacon.source = traffic_source_of(source->is_string() ? std::string_view(source->get_string()) : "");
  }
  return beacon;
}

std::string viewer_cookie(const std::string& value, bool secure) {
  std::string cookie = std::string(kViewerCookie) + "=" + value + "; Path=/; Max-Age=" +
                       std::to_string(kViewerCookieMaxAge) + "; HttpOnly; SameSite=Lax";
  if (secure) cookie += "; Secure";
  return cookie;
}

}  // namespace

void register_view_routes(http::Router& router, ViewService& views, const accounts::RequestAuth& auth,
                          ViewRouteOptions options) {
  router.add(
      Method::POST, "/api/videos/{id}/views",
      [&views, &auth, options](Request& request) {
        auto caller = auth.caller(request);
        Beacon beacon = beacon_from(request);
        // An anonymous viewer without the cookie is known by this session's id, which then
        // becomes their cookie, so the session counts under one id before and after.
        auto cookie = request.cookie(kViewerCookie);
        bool known_viewer = cookie && is_viewer_id(*cookie);
        std::string anonymous_id = known_viewer ? *cookie : beacon.session_id;
        bool counted = views.record_beacon(caller, request.param("id"), anonymous_id, beacon);
        Response response = Response::json(202, boost::json::object{{"counted", counted}});
        if (!caller && !known_viewer) response.headers.add("Set-Cookie", viewer_cookie(anonymous_id, options.secure_cookies));
        return response;
      },
      {"Player beacon: counts a view once per viewer per window and records watch history", "views",
       Access::public_, "ViewBeacon", "ViewCounted", 202});

  router.add(
      Method::GET, "/api/videos/{id}/progress",
      [&views, &auth](Request& request) {
        auto who = auth.require_user(request);
        WatchedVideo watched = views.progress(who, request.param("id"));
        return Response::json(200, progress_json(watched.progress, watched.video.duration_ms));
      },
      {"The caller's progress on a video: where to resume, watch time, completion, rewatches", "views",
       Access::user, "", "WatchProgress"});

  router.add(
      Method::GET, "/api/me/history",
      [&views, &auth](Request& request) {
        auto who = auth.require_user(request);
        HistoryQuery query{http::limit_param(request), request.query("cursor")};
        return Response::json(200, history_page_json(views.history(who, query)));
      },
      {"The caller's watch history, most recent first", "views", Access::user, "", "HistoryPage"});

  router.add(
      Method::DELETE, "/api/me/history",
      [&views, &auth](Request& request) {
        views.clear_history(auth.require_user(request));
        return Response::no_content();
      },
      {"Delete the caller's whole watch history", "views", Access::user, "", "", 204});

  router.add(
      Method::DELETE, "/api/me/history/{video_id}",
      [&views, &auth](Request& request) {
        views.remove_from_history(auth.require_user(request), request.param("video_id"));
        return Response::no_content();
      },
      {"Delete one video from the caller's watch history", "views", Access::user, "", "", 204});

  router.add(
      Method::GET, "/api/me/history/settings",
      [&views, &auth](Request& request) {
        return Response::json(200, history_settings_json(views.history_settings(auth.require_user(request))));
      },
      {"Whether the caller's watch history is paused", "views", Access::user, "", "HistorySettings"});

  router.add(
      Method::PUT, "/api/me/history/settings",
      [&views, &auth](Request& request) {
        auto who = auth.require_user(request);
        auto paused = json::BodyReader(request.body).optional_bool("paused");
        if (!paused) throw_validation("paused", "paused is required");
        return Response::json(200, history_settings_json(views.set_history_paused(who, *paused)));
      },
      {"Pause or resume the caller's watch history (views still count while paused)", "views", Access::user,
       "HistorySettings", "HistorySettings"});
}

}  // namespace marquee::views
