#include "studio/CompileRoutes.h"

#include <boost/json.hpp>

#include <filesystem>

#include "core/Error.h"
#include "core/Ids.h"
#include "core/Json.h"
#include "core/JsonValues.h"
#include "core/ScopedPath.h"
#include "blob/BlobResponse.h"
#include "uploads/RequestFile.h"

namespace marquee::studio {
namespace {

using http::Method;
using http::Request;
using http::Response;

boost::json::object final_json(const FinalVideo& f, const FileSigner& signer, Millis expires_at) {
  const bool ready = f.status == FinalStatus::ready;
  boost::json::object recipe = boost::json::parse(f.recipe).as_object();
  boost::json::array clip_ids;
  for (const auto& clip : recipe["clips"].as_array()) clip_ids.push_back(clip.as_object().at("id"));
  auto text_or_null = [](const std::string& s) { return s.empty() ? boost::json::value(nullptr) : boost::json::value(s); };
  return boost::json::object{
      {"id", f.id},
      {"project_id", f.project_id},
      {"status", std::string(final_status_name(f.status))},
      {"progress", f.progress},
      {"duration_ms", ready ? boost::json::value(f.duration_ms) : boost::json::value(nullptr)},
      {"size", ready ? boost::json::value(f.size_bytes) : boost::json::value(nullptr)},
      {"download_url", ready ? boost::json::value(signer.url(FileKind::final_video, f.id, expires_at))
                             : boost::json::value(nullptr)},
      {"url_expires_at", ready ? boost::json::value(to_rfc3339(expires_at)) : boost::json::value(nullptr)},
      {"video_id", text_or_null(f.video_id)},
      {"failure_reason", text_or_null(f.failure_reason)},
      {"clip_ids", std::move(clip_ids)},
      {"transition", recipe["transition"]},
      {"transition_ms", recipe["transition_ms"]},
      {"music_track_id", recipe["music_track_id"]},
      {"music_volume", recipe["music_volume"]},
      {"fade_out_ms", recipe["fade_out_ms"]},
      {"created_at", to_rfc3339(f.created_at)},
      {"updated_at", to_rfc3339(f.updated_at)}};
}

boost::json::object track_json(const MusicTrack& t, const FileSigner& signer, Millis expires_at, bool public_preview) {
  return boost::json::object{{"id", t.id},
                             {"title", t.title},
                             {"artist", t.artist},
                             {"duration_ms", t.duration_ms},
                             {"format", t.format},
                             {"size", t.size_bytes},
                             {"preview_url", public_preview ? "/api/studio/music/" + t.id + "/preview"
                                                            : signer.url(FileKind::music_track, t.id, expires_at)},
                             {"created_at", to_rfc3339(t.created_at)}};
}

CompileRequest compile_request_of(const json::BodyReader& body) {
  CompileRequest request;
  request.clip_ids = body.optional_string_array("clip_ids");
  if (auto transition = body.optional_string("transition")) request.transition = *transition;
  if (auto ms = body.optional_int("transition_ms")) request.transition_ms = *ms;
  if (body.has("music_track_id")) request.music_track_id = body.optional_string("music_track_id").value_or("");
  if (auto volume = body.optional_int("music_volume")) {
    if (*volume < 0 || *volume > 100) throw_validation("music_volume", "music_volume must be 0…100");
    request.music_volume = static_cast<int>(*volume);
  }
  if (auto fade = body.optional_int("fade_out_ms")) request.fade_out_ms = *fade;
  if (const auto* publish = body.object().if_contains("publish"); publish && !publish->is_null()) {
    if (!publish->is_object()) throw_validation("publish", "publish must be {\"title\", \"visibility\"}");
    json::BodyReader fields(publish->as_object());
    videos::VideoDraft draft;
    draft.title = fields.required_string("title");
    draft.description = fields.optional_string("description");
    draft.visibility = fields.optional_string("visibility");
    request.publish = draft;
  }
  return request;
}

}  // namespace

void register_compile_routes(http::Router& router, FinalVideos& finals, MusicLibrary& music, blob::BlobStore& blobs,
                             const FileSigner& signer, const accounts::RequestAuth& auth, const Clock& clock,
                             CompileRouteOptions options) {
  const int url_ttl_s = options.url_ttl_s;
  const std::string work_root = options.work_root;
  const bool public_previews = options.public_music_previews;
  auto expiry = [&clock, url_ttl_s] { return clock.now_ms() + static_cast<Millis>(url_ttl_s) * 1000; };

  router.add(
      Method::POST, "/api/studio/projects/{id}/compile",
      [&finals, &signer, &auth, expiry](Request& request) {
        const auto who = auth.require_user(request);
        json::BodyReader body(request.body.empty() ? std::string_view("{}") : std::string_view(request.body));
        const auto made = finals.compile(who, request.param("id"), compile_request_of(body));
        return Response::json(202, final_json(made, signer, expiry()));
      },
      {"Compile clips into a final video (a job; optionally published as a video)", "studio", http::Access::user,
       "CompileRequest", "FinalVideo", 202});

  router.add(
      Method::GET, "/api/studio/projects/{id}/final-videos",
      [&finals, &signer, &auth, expiry](Request& request) {
        const auto who = auth.require_user(request);
        boost::json::array items;
        const Millis expires_at = expiry();
        for (const auto& f : finals.of_project(who.user_id, request.param("id"))) {
          items.push_back(final_json(f, signer, expires_at));
        }
        return Response::json(200, boost::json::object{{"items", std::move(items)}});
      },
      {"A project's compiles, newest first", "studio", http::Access::user, "", "FinalVideoList"});

  router.add(
      Method::GET, "/api/studio/final-videos/{id}",
      [&finals, &signer, &auth, expiry](Request& request) {
        const auto who = auth.require_user(request);
        return Response::json(200, final_json(finals.get(who.user_id, request.param("id")), signer, expiry()));
      },
      {"A compile: status, progress, and when ready its duration, size and download URL", "studio",
       http::Access::user, "", "FinalVideo"});

  router.add(
      Method::GET, "/api/studio/music",
      [&music, &signer, &auth, expiry, public_previews](Request& request) {
        auth.require_user(request);
        boost::json::array items;
        const Millis expires_at = expiry();
        for (const auto& track : music.list()) items.push_back(track_json(track, signer, expires_at, public_previews));
        return Response::json(200, boost::json::object{{"items", std::move(items)}});
      },
      {"The music a compile may use, with signed previews", "studio", http::Access::user, "", "MusicList"});

  router.add(
      Method::GET, "/api/studio/music/{id}/preview",
      [&music, &blobs, public_previews](Request& request) {
        // Only with studio.music_previews = public; otherwise previews go by signed URLs.
        auto track = public_previews ? music.find(request.param("id")) : std::nullopt;
        if (!track) return Response::error(ErrorCode::not_found, "no such music track");
        const std::string type = track->format == "mp3" ? "audio/mpeg" : track->format == "wav" ? "audio/wav" : "audio/mp4";
        auto answer = blob::blob_response(request, blobs, music_key(*track), type, "public, max-age=3600");
        return answer ? std::move(*answer) : Response::error(ErrorCode::not_found, "no such music track");
      },
      {"A music track's preview, when studio.music_previews = public", "studio", http::Access::public_, "", ""});

  router.add(
      Method::POST, "/api/admin/music",
      [&music, &signer, &auth, expiry, work_root, public_previews](Request& request) {
        const auto admin = auth.require_role(request, accounts::Role::admin);
        const std::string dir = work_root + "/studio";  // on the data disk: the track moves into the store
        std::filesystem::create_directories(dir);
        const std::string upload = dir + "/" + new_public_id();
        const ScopedPath remove(upload);
        uploads::save_request_file(request, upload, "audio");
        const auto track = music.add({admin.user_id, request.request_id}, upload,
                                     std::string(request.query("title").value_or("")),
                                     std::string(request.query("artist").value_or("")));
        return Response::json(201, track_json(track, signer, expiry(), public_previews));
      },
      {"Add a music track (MP3, AAC or WAV; ?title=&artist=)", "admin", http::Access::admin, "", "MusicTrack", 201},
      http::RouteOptions{static_cast<std::int64_t>(music.limits().max_bytes) + 64 * 1024, {}});

  router.add(
      Method::DELETE, "/api/admin/music/{id}",
      [&music, &auth](Request& request) {
        const auto admin = auth.require_role(request, accounts::Role::admin);
        music.remove({admin.user_id, request.request_id}, request.param("id"));
        return Response::no_content();
      },
      {"Remove a music track (projects that chose it compile without music)", "admin", http::Access::admin, "", "",
       204});
}

}  // namespace marquee::studio
