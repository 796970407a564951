#include "studio/StudioRoutes.h"

#include <boost/json.hpp>

#include <charconv>
#include <filesystem>

#include "core/Error.h"
#include "core/Ids.h"
#include "core/Json.h"
#include "core/JsonPage.h"
#include "core/ScopedPath.h"
#include "http/QueryParams.h"
#include "uploads/RequestFile.h"
#include "studio/StudioJson.h"

namespace marquee::studio {
namespace {

using http::Method;
using http::Request;
using http::Response;

std::optional<std::int64_t> int_query(const Request& request, const char* name) {
  const auto text = request.query(name);
  if (!text || text->empty()) return std::nullopt;
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size()) throw_validation(name, std::string(name) + " must be an integer");
  return value;
}

std::optional<int> small_int(const json::BodyReader& body, const char* name) {
  const auto value = body.optional_int(name);
  if (!value) return std::nullopt;
  if (*value < 0 || *value > 100'000) throw_validation(name, std::string(name) + " is out of range");
  return static_cast<int>(*value);
}

Motion motion_of(std::string_view text) {
  auto motion = parse_motion(text);
  if (!motion) throw_validation("motion", "motion must be zoom_in, zoom_out, pan_left, pan_right, pan_up or pan_down");
  return *motion;
}

Easing easing_of(std::string_view text) {
  auto easing = parse_easing(text);
  if (!easing) throw_validation("easing", "easing must be linear or ease_in_out");
  return *easing;
}

ClipChoice choice_from_query(const Request& request) {
  ClipChoice choice;
  if (auto motion = request.query("motion"); motion && !motion->empty()) choice.motion = motion_of(*motion);
  if (auto easing = request.query("easing"); easing && !easing->empty()) choice.easing = easing_of(*easing);
  choice.duration_ms = int_query(request, "duration_ms");
  if (auto prompt = request.query("prompt")) choice.prompt = std::string(*prompt);
  return choice;
}

ClipChoice choice_from_body(const json::BodyReader& body) {
  ClipChoice choice;
  if (auto motion = body.optional_string("motion")) choice.motion = motion_of(*motion);
  if (auto easing = body.optional_string("easing")) choice.easing = easing_of(*easing);
  choice.duration_ms = body.optional_int("duration_ms");
  choice.prompt = body.optional_string("prompt");
  return choice;
}

}  // namespace

void register_studio_routes(http::Router& router, StudioService& studio, FinalVideos& finals, const FileSigner& signer,
                            const accounts::RequestAuth& auth, const Clock& clock, StudioRouteOptions options) {
  auto expiry = [&clock, ttl = options.url_ttl_s] { return clock.now_ms() + static_cast<Millis>(ttl) * 1000; };
  auto clip_out = [&signer, expiry](const Clip& clip) { return clip_json(clip, signer, expiry()); };
  auto clips_out = [clip_out](const std::vector<Clip>& clips) {
    boost::json::array items;
    for (const auto& clip : clips) items.push_back(clip_out(clip));
    return boost::json::object{{"items", std::move(items)}};
  };

  router.add(
      Method::POST, "/api/studio/projects",
      [&studio, &auth](Request& request) {
        const auto who = auth.require_user(request);
        json::BodyReader body(request.body);
        ProjectDraft draft;
        draft.title = body.required_string("title");
        draft.width = small_int(body, "width");
        draft.height = small_int(body, "height");
        draft.frame_rate = small_int(body, "frame_rate");
        draft.music_track_id = body.optional_string("music_track_id");
        return Response::json(201, project_json(studio.create_project(who.user_id, draft)));
      },
      {"Start a project", "studio", http::Access::user, "ProjectCreate", "Project", 201});

  router.add(
      Method::GET, "/api/studio/projects",
      [&studio, &auth](Request& request) {
        const auto who = auth.require_user(request);
        const auto page = studio.list_projects(who.user_id, request.query("cursor"),
                                               http::limit_param(request).value_or(kDefaultProjectPageSize));
        return Response::json(200, json::page_json(page, project_json));
      },
      {"The caller's projects, newest first", "studio", http::Access::user, "", "ProjectList"});

  router.add(
      Method::GET, "/api/studio/projects/{id}",
      [&studio, &auth](Request& request) {
        const auto who = auth.require_user(request);
        return Response::json(200, project_json(studio.project(who.user_id, request.param("id"))));
      },
      {"One of the caller's projects", "studio", http::Access::user, "", "Project"});

  router.add(
      Method::PATCH, "/api/studio/projects/{id}",
      [&studio, &auth](Request& request) {
        const auto who = auth.require_user(request);
        json::BodyReader body(request.body);
        ProjectPatch patch;
        patch.title = body.optional_string("title");
        if (auto status = body.optional_string("status")) {
          patch.status = parse_project_status(*status);
          if (!patch.status) throw_validation("status", "status must be in_progress, completed or archived");
        }
        if (body.has("music_track_id")) patch.music_track_id = body.optional_string("music_track_id").value_or("");
        return Response::json(200, project_json(studio.update_project(who.user_id, request.param("id"), patch)));
      },
      {"Rename a project, change its status or music", "studio", http::Access::user, "ProjectPatch", "Project"});

  router.add(
      Method::DELETE, "/api/studio/projects/{id}",
      [&studio, &finals, &auth](Request& request) {
        const auto who = auth.require_user(request);
        studio.project(who.user_id, request.param("id"));  // 404 before anything is touched
        finals.forget_project(who.user_id, request.param("id"));
        studio.delete_project(who.user_id, request.param("id"));
        return Response::no_content();
      },
      {"Delete a project with its clips and files", "studio", http::Access::user, "", "", 204});

  const auto photo_limit = static_cast<std::int64_t>(studio.options().photos.max_bytes) + 64 * 1024;
  router.add(
      Method::POST, "/api/studio/projects/{id}/clips",
      [&studio, &auth, clip_out](Request& request) {
        const auto who = auth.require_user(request);
        const ClipChoice choice = choice_from_query(request);
        studio.project(who.user_id, request.param("id"));  // 404 before the body is looked at
        const std::string upload = studio.options().work_root + "/studio/upload-" + new_public_id();
        std::filesystem::create_directories(studio.options().work_root + "/studio");
        const ScopedPath remove(upload);
        uploads::save_request_file(request, upload, "image");
        return Response::json(201, clip_out(studio.add_clip(who.user_id, request.param("id"), upload, choice)));
      },
      {"Add a photo to a project: it becomes a clip (charged; ?motion=&duration_ms=&easing=&prompt=)", "studio",
       http::Access::user, "", "Clip", 201},
      http::RouteOptions{photo_limit, {}});

  router.add(
      Method::GET, "/api/studio/projects/{id}/clips",
      [&studio, &auth, clips_out](Request& request) {
        const auto who = auth.require_user(request);
        return Response::json(200, clips_out(studio.clips(who.user_id, request.param("id"))));
      },
      {"A project's clips in their order", "studio", http::Access::user, "", "ClipList"});

  router.add(
      Method::PATCH, "/api/studio/projects/{id}/clips/order",
      [&studio, &auth, clips_out](Request& request) {
        const auto who = auth.require_user(request);
        json::BodyReader body(request.body);
        auto ids = body.optional_string_array("clip_ids");
        if (!ids) throw_validation("clip_ids", "send {\"clip_ids\": [...]}, every clip of the project in its new order");
        return Response::json(200, clips_out(studio.reorder(who.user_id, request.param("id"), *ids)));
      },
      {"Put a project's clips in a new order (all of them, at once)", "studio", http::Access::user, "ClipOrder",
       "ClipList"});

  router.add(
      Method::GET, "/api/studio/projects/{id}/clips/{clip_id}",
      [&studio, &auth, clip_out](Request& request) {
        const auto who = auth.require_user(request);
        return Response::json(200, clip_out(studio.clip(who.user_id, request.param("id"), request.param("clip_id"))));
      },
      {"One clip", "studio", http::Access::user, "", "Clip"});

  router.add(
      Method::PATCH, "/api/studio/projects/{id}/clips/{clip_id}",
      [&studio, &auth, clip_out](Request& request) {
        const auto who = auth.require_user(request);
        json::BodyReader body(request.body);
        auto approved = body.optional_bool("approved");
        if (!approved) throw_validation("approved", "send {\"approved\": true|false}");
        return Response::json(
            200, clip_out(studio.approve(who.user_id, request.param("id"), request.param("clip_id"), *approved)));
      },
      {"Approve a ready clip (or take the approval back)", "studio", http::Access::user, "ClipPatch", "Clip"});

  router.add(
      Method::POST, "/api/studio/projects/{id}/clips/{clip_id}/regenerate",
      [&studio, &auth, clip_out](Request& request) {
        const auto who = auth.require_user(request);
        json::BodyReader body(request.body.empty() ? std::string_view("{}") : std::string_view(request.body));
        return Response::json(202, clip_out(studio.regenerate(who.user_id, request.param("id"),
                                                              request.param("clip_id"), choice_from_body(body))));
      },
      {"Generate a clip again, with other choices if given (charged again)", "studio", http::Access::user,
       "ClipRegenerate", "Clip", 202});

  router.add(
      Method::DELETE, "/api/studio/projects/{id}/clips/{clip_id}",
      [&studio, &auth](Request& request) {
        const auto who = auth.require_user(request);
        studio.delete_clip(who.user_id, request.param("id"), request.param("clip_id"));
        return Response::no_content();
      },
      {"Delete a clip (one still generating gives its credits back)", "studio", http::Access::user, "", "", 204});
}

}  // namespace marquee::studio
