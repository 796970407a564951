#include "playlists/PlaylistRoutes.h"

#include <boost/json/array.hpp>


#include "core/Error.h"
#include "http/QueryParams.h"
#include "core/Json.h"
#include "playlists/PlaylistJson.h"

namespace marquee::playlists {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

PlaylistFields fields_from(const Request& request) {
  json::BodyReader body(request.body);
  PlaylistFields fields;
  fields.title = body.optional_string("title");
  fields.description = body.optional_string("description");
  fields.visibility = body.optional_string("visibility");
  return fields;
}

PageQuery list_query(const Request& request) { return {http::limit_param(request), request.query("cursor")}; }

// Items: others' adult videos only for a caller past the age gate.
PageQuery page_query(const Request& request, const accounts::Caller& caller, const accounts::RequestAuth& auth) {
  return {http::limit_param(request), request.query("cursor"), auth.passes_age_gate(request, caller)};
}

// 201 when the video was added, 200 when it was already there.
Response added_response(const AddedItem& added) {
  return Response::json(added.added ? 201 : 200, item_json(added.item));
}

}  // namespace

void register_playlist_routes(http::Router& router, PlaylistService& playlists, const accounts::RequestAuth& auth) {
  router.add(
      Method::POST, "/api/playlists",
      [&playlists, &auth](Request& request) {
        auto owner = auth.require_user(request);
        Playlist playlist = playlists.create(owner, fields_from(request));
        Response response = Response::json(201, playlist_json(playlist));
        response.headers.set("Location", "/api/playlists/" + playlist.id);
        return response;
      },
      {"Create a playlist (private unless visibility says otherwise)", "playlists", Access::user, "PlaylistCreate",
       "Playlist", 201});

  router.add(
      Method::GET, "/api/playlists/{id}",
      [&playlists, &auth](Request& request) {
        auto caller = auth.caller(request);
        const std::string& id = request.param("id");
        boost::json::object out = playlist_json(playlists.get(caller, id));
        PageQuery first_page = page_query(request, caller, auth);
        first_page.cursor.reset();
        boost::json::object first = item_page_json(playlists.items(caller, id, first_page));
        out["items"] = std::move(first["items"]);
        out["items_next_cursor"] = std::move(first["next_cursor"]);
        return Response::json(200, out);
      },
      {"Get a playlist with its first page of items; private ones only for their owner", "playlists",
       Access::public_, "", "PlaylistWithItems"});

  router.add(
      Method::PATCH, "/api/playlists/{id}",
      [&playlists, &auth](Request& request) {
        auto editor = auth.require_user(request);
        return Response::json(200, playlist_json(playlists.update(editor, request.param("id"), fields_from(request))));
      },
      {"Change a playlist's title, description or visibility (owner; not system playlists)", "playlists",
       Access::user, "PlaylistPatch", "Playlist"});

  router.add(
      Method::DELETE, "/api/playlists/{id}",
      [&playlists, &auth](Request& request) {
        playlists.remove(auth.require_user(request), request.param("id"));
        return Response::no_content();
      },
      {"Delete a playlist (owner, or a moderator when it is not private; not system playlists)", "playlists",
       Access::user, "", "", 204});

  router.add(
      Method::GET, "/api/playlists/{id}/items",
      [&playlists, &auth](Request& request) {
        const auto caller = auth.caller(request);
        auto page = playlists.items(caller, request.param("id"), page_query(request, caller, auth));
        return Response::json(200, item_page_json(page));
      },
      {"A playlist's items in order, only videos the caller may watch", "playlists", Access::public_, "",
       "PlaylistItemList"});

  router.add(
      Method::POST, "/api/playlists/{id}/items",
      [&playlists, &auth](Request& request) {
        auto editor = auth.require_user(request);
        json::BodyReader body(request.body);
        return added_response(playlists.add_item(editor, request.param("id"), body.required_string("video_id"),
                                                 body.optional_int("position")));
      },
      {"Add a video at a 0-based position (default last); 200 when it is already there (owner)", "playlists",
       Access::user, "PlaylistItemAdd", "PlaylistItem", 201});

  router.add(
      Method::DELETE, "/api/playlists/{id}/items/{video_id}",
      [&playlists, &auth](Request& request) {
        playlists.remove_item(auth.require_user(request), request.param("id"), request.param("video_id"));
        return Response::no_content();
      },
      {"Remove a video from a playlist; idempotent (owner)", "playlists", Access::user, "", "", 204});

  router.add(
      Method::PUT, "/api/playlists/{id}/items/{video_id}/position",
      [&playlists, &auth](Request& request) {
        auto editor = auth.require_user(request);
        json::BodyReader body(request.body);
        auto position = body.optional_int("position");
        if (!position) throw_validation("position", "position is required");
        return Response::json(
            200, item_json(playlists.move_item(editor, request.param("id"), request.param("video_id"), *position)));
      },
      {"Move a video to a 0-based position; past the end means last (owner)", "playlists", Access::user,
       "PlaylistItemPosition", "PlaylistItem"});

  router.add(
      Method::GET, "/api/me/playlists",
      [&playlists, &auth](Request& request) {
        OwnPlaylists own = playlists.list_own(auth.require_user(request), list_query(request));
        boost::json::object out = playlist_page_json(own.page);
        out["system"] = {{"watch_later", own.watch_later_id}, {"saved", own.saved_id}};
        return Response::json(200, out);
      },
      {"Your playlists, Watch later and Saved first", "playlists", Access::user, "", "OwnPlaylistList"});

  router.add(
      Method::GET, "/api/users/{username}/playlists",
      [&playlists, &auth](Request& request) {
        auto page = playlists.list_channel(auth.caller(request), request.param("username"), list_query(request));
        return Response::json(200, playlist_page_json(page));
      },
      {"A channel's playlists: public ones, or all of them for their owner", "playlists", Access::public_, "",
       "PlaylistList"});

  router.add(
      Method::POST, "/api/me/watch-later",
      [&playlists, &auth](Request& request) {
        auto owner = auth.require_user(request);
        json::BodyReader body(request.body);
        return added_response(
            playlists.add_to_system_playlist(owner, PlaylistKind::watch_later, body.required_string("video_id")));
      },
      {"Add a video to your Watch later playlist; 200 when it is already there", "playlists", Access::user,
       "SystemPlaylistAdd", "PlaylistItem", 201});

  router.add(
      Method::POST, "/api/me/saved",
      [&playlists, &auth](Request& request) {
        auto owner = auth.require_user(request);
        json::BodyReader body(request.body);
        return added_response(
            playlists.add_to_system_playlist(owner, PlaylistKind::saved, body.required_string("video_id")));
      },
      {"Add a video to your Saved playlist; 200 when it is already there", "playlists", Access::user,
       "SystemPlaylistAdd", "PlaylistItem", 201});
}

}  // namespace marquee::playlists
