#include "videos/VideoRoutes.h"

#include <boost/json/array.hpp>


#include "core/Error.h"
#include "http/QueryParams.h"
#include "core/Json.h"
#include "videos/VideoJson.h"
#include "videos/VideoPolicy.h"

namespace marquee::videos {
namespace {

using http::Access;
using http::Method;
using http::Request;
using http::Response;

VideoFields fields_from(const Request& request) {
  json::BodyReader body(request.body);
  VideoFields fields;
  fields.title = body.optional_string("title");
  fields.description = body.optional_string("description");
  fields.tags = body.optional_string_array("tags");
  fields.category = body.optional_string("category");
  fields.visibility = body.optional_string("visibility");
  fields.is_premium = body.optional_bool("is_premium");
  fields.is_adult = body.optional_bool("is_adult");
  return fields;
}


}  // namespace

void register_video_routes(http::Router& router, VideoService& videos, const accounts::RequestAuth& auth,
                           std::function<std::int64_t(const std::string&)> watching_now) {
  router.add(
      Method::POST, "/api/videos",
      [&videos, &auth](Request& request) {
        auto author = auth.require_user(request);
        Video video = videos.create(author, fields_from(request));
        Response response = Response::json(201, video_json(video));
        response.headers.set("Location", "/api/videos/" + video.id);
        return response;
      },
      {"Create a video record (metadata only; it starts as a draft)", "videos", Access::user, "VideoCreate", "Video",
       201});

  router.add(
      Method::GET, "/api/videos",
      [&videos, &auth](Request& request) {
        VideoQuery query;
        query.channel = request.query("channel");
        query.tag = request.query("tag");
        query.limit = http::limit_param(request);
        query.cursor = request.query("cursor");
        const auto caller = auth.caller(request);
        query.adult_allowed = http::adult_param(request) && auth.passes_age_gate(request, caller);
        return Response::json(200, video_page_json(videos.list(caller, query)));
      },
      {"List videos newest first, optionally one channel's or one tag's", "videos", Access::public_, "", "VideoList"});

  router.add(
      Method::GET, "/api/videos/{id}",
      [&videos, &auth, watching_now](Request& request) {
        const auto caller = auth.caller(request);
        const Video video = videos.get(caller, request.param("id"));
        require_age_gate(caller, video, auth.passes_age_gate(request, caller));
        auto json = video_json(video);
        if (watching_now) json["watching_now"] = watching_now(request.param("id"));
        return Response::json(200, json);
      },
      {"Get a video; private and held ones only for their owner and moderators; 410 `removed` when the moderators "
       "took it down; 403 `age_restricted` for an adult video before the age gate",
       "videos", Access::public_, "", "Video"},
      {.fast_path = [&videos, &auth, watching_now](Request& request) -> std::optional<Response> {
        auto caller = auth.caller_from_memory(request);
        if (!caller) return std::nullopt;
        auto cached = videos.cached(*caller, request.param("id"));
        if (!cached) return std::nullopt;
        require_age_gate(*caller, *cached->video, auth.passes_age_gate(request, *caller));
        if (!watching_now) return Response::text(200, *cached->json, "application/json");
        // The cached JSON is one object: the live count goes in as its last member.
        const std::string& rendered = *cached->json;
        std::string body = rendered.substr(0, rendered.size() - 1);
        body += ",\"watching_now\":" + std::to_string(watching_now(request.param("id"))) + "}";
        return Response::text(200, std::move(body), "application/json");
      }});

  router.add(
      Method::PATCH, "/api/videos/{id}",
      [&videos, &auth](Request& request) {
        auto editor = auth.require_user(request);
        return Response::json(200, video_json(videos.update(editor, request.param("id"), fields_from(request))));
      },
      {"Change a video's title, description, tags, category, visibility or flags (owner or moderator)", "videos",
       Access::user, "VideoPatch", "Video"});

  router.add(
      Method::DELETE, "/api/videos/{id}",
      [&videos, &auth](Request& request) {
        auto editor = auth.require_user(request);
        videos.remove(editor, request.param("id"));
        return Response::no_content();
      },
      {"Delete a video (owner or moderator)", "videos", Access::user, "", "", 204});
}

}  // namespace marquee::videos
