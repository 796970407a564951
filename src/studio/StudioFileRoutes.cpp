#include "studio/StudioFileRoutes.h"

#include <boost/json.hpp>

#include "core/Error.h"
#include "core/Json.h"
#include "blob/BlobResponse.h"

namespace marquee::studio {
namespace {

constexpr std::size_t kMaxSignItems = 100;

std::string content_type_of(FileKind kind, const std::string& key) {
  if (kind == FileKind::clip_image) return "image/jpeg";
  if (kind != FileKind::music_track) return "video/mp4";
  if (key.ends_with(".mp3")) return "audio/mpeg";
  if (key.ends_with(".wav")) return "audio/wav";
  return "audio/mp4";
}

}  // namespace

std::optional<std::string> StudioFiles::key(FileKind kind, const std::string& id) const {
  switch (kind) {
    case FileKind::clip_image:
    case FileKind::clip_video: return clips.file_key(kind, id);
    case FileKind::final_video: return finals.file_key(id);
    case FileKind::music_track: {
      auto track = music.find(id);
      if (!track) return std::nullopt;
      return music_key(*track);
    }
  }
  return std::nullopt;
}

bool StudioFiles::readable_by(const std::string& user_id, FileKind kind, const std::string& id) const {
  switch (kind) {
    case FileKind::clip_image:
    case FileKind::clip_video: return clips.owns_file(user_id, kind, id);
    case FileKind::final_video: return finals.owns_ready(user_id, id);
    case FileKind::music_track: return music.find(id).has_value();
  }
  return false;
}

void register_studio_file_routes(http::Router& router, StudioFiles files, blob::BlobStore& blobs,
                                 const FileSigner& signer, const accounts::RequestAuth& auth, const Clock& clock,
                                 FileRouteOptions options) {
  router.add(
      http::Method::GET, "/api/media/{kind}/{id}",
      [files, &blobs, &signer](http::Request& request) {
        // One answer for every refusal: a URL that does not open says nothing about the file.
        auto refuse = [] { return http::Response::error(ErrorCode::not_found, "no such file, or the link has expired"); };
        const auto kind = parse_file_kind(request.param("kind"));
        const std::string id = request.param("id");
        if (!kind || !signer.verify(*kind, id, request.query("exp").value_or(""), request.query("sig").value_or(""))) {
          return refuse();
        }
        const auto key = files.key(*kind, id);
        if (!key) return refuse();
        // Private, but the same bytes for as long as the URL lives: the browser may keep them.
        auto answer = blob::blob_response(request, blobs, *key, content_type_of(*kind, *key), "private, max-age=3600");
        return answer ? std::move(*answer) : refuse();
      },
      {"A studio file by its signed URL (the URL is the credential)", "studio", http::Access::public_, "", ""});

  router.add(
      http::Method::POST, "/api/media/sign",
      [files, &signer, &auth, &clock, options](http::Request& request) {
        const auto who = auth.require_user(request);
        const auto body = json::parse_object(request.body);
        const auto* items = body.if_contains("items");
        if (!items || !items->is_array()) throw_validation("items", "send {\"items\": [{\"kind\", \"id\"}, …]}");
        const auto& list = items->as_array();
        if (list.empty() || list.size() > kMaxSignItems) {
          throw_validation("items", "sign 1…" + std::to_string(kMaxSignItems) + " items at once");
        }
        const Millis expires_at = clock.now_ms() + static_cast<Millis>(options.url_ttl_s) * 1000;
        boost::json::array out;
        out.reserve(list.size());
        for (const auto& item : list) {
          const auto* fields = item.if_object();
          const auto* kind_text = fields ? fields->if_contains("kind") : nullptr;
          const auto* id_text = fields ? fields->if_contains("id") : nullptr;
          if (!kind_text || !kind_text->is_string() || !id_text || !id_text->is_string()) {
            throw_validation("items", "every item needs a kind and an id");
          }
          const std::string kind_name(kind_text->as_string());
          const std::string id(id_text->as_string());
          boost::json::object signed_item{{"kind", kind_name}, {"id", id}};
          std::optional<std::string> url;
          if (kind_name == "video_poster") {
            if (options.video_poster_url) url = options.video_poster_url(request, id);
          } else if (auto kind = parse_file_kind(kind_name)) {
            if (files.readable_by(who.user_id, *kind, id)) url = signer.url(*kind, id, expires_at);
          } else {
            throw_validation("items", "kind must be clip_image, clip_video, final_video, music_track or video_poster");
          }
          if (url) {
            signed_item["url"] = *url;
          } else {
            // The same for a file of someone else's, one that does not exist, or one not ready.
            signed_item["url"] = nullptr;
            signed_item["error"] = "not_found";
          }
          out.push_back(std::move(signed_item));
        }
        return http::Response::json(200, boost::json::object{{"items", std::move(out)},
                                                             {"expires_at", to_rfc3339(expires_at)}});
      },
      {"Signed URLs for up to 100 files at once (each only when the caller may read it)", "studio",
       http::Access::user, "SignRequest", "SignedUrls"});
}

}  // namespace marquee::studio
