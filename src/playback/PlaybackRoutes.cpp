#include "playback/PlaybackRoutes.h"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>

#include "core/Clock.h"
#include "core/Error.h"
#include "media/LadderPlan.h"
#include "playback/PlaylistRewriter.h"
#include "videos/VideoJson.h"

namespace marquee::playback {
namespace {

using http::Method;
using http::Request;
using http::Response;

std::string with_query(std::string url, const std::string& query) {
  return query.empty() ? url : url + "?" + query;
}

boost::json::value url_or_null(bool present, const std::string& url) {
  return present ? boost::json::value(url) : boost::json::value(nullptr);
}

Response playback_json(const PlaybackTicket& t) {
  const auto& v = t.video;
  auto signed_url = [&](const std::string& rel) { return with_query(videos::media_url(v.id, rel), t.query); };
  boost::json::array renditions;
  for (const auto& r : v.renditions) {
    renditions.push_back({{"name", r.name},
                          {"width", r.width},
                          {"height", r.height},
                          {"bitrate", r.bandwidth},
                          {"average_bitrate", r.average_bandwidth},
                          {"codecs", r.codecs},
                          {"playlist_url", signed_url("hls/" + r.playlist)}});
  }
  boost::json::object body{
      {"video_id", v.id},
      {"status", videos::status_name(v.status)},
      {"duration_ms", v.duration_ms},
      {"master_url", signed_url("hls/master.m3u8")},
      {"poster_url", url_or_null(v.has_poster, signed_url("thumbs/poster.jpg"))},
      {"poster_webp_url", url_or_null(v.has_poster, signed_url("thumbs/poster.webp"))},
      {"thumbnail_url", url_or_null(v.has_poster, signed_url("thumbs/thumb.jpg"))},
      {"storyboard_url", url_or_null(v.has_storyboard, signed_url("thumbs/storyboard.vtt"))},
      {"renditions", std::move(renditions)},
      {"signed", !t.query.empty()},
      {"expires_at", t.query.empty() ? boost::json::value(nullptr) : boost::json::value(to_rfc3339(t.expires_at_ms))},
  };
  return Response::json(200, body);
}

}  // namespace

void register_playback_routes(http::Router& router, PlaybackService& playback, const MediaFiles& files,
                              const accounts::RequestAuth& auth, DeliveryOptions delivery) {
  router.add(
      Method::GET, "/api/videos/{id}/playback",
      [&playback, &auth](Request& req) {
        const auto caller = auth.caller(req);
        return playback_json(playback.ticket(caller, req.param("id"), auth.passes_age_gate(req, caller)));
      },
      {"Playback URLs for a video (signed when it is private, premium, adult or held)", "playback",
       http::Access::public_, "", "Playback"});

  // Serves one media file once the access verdict is known; nullopt when the verdict is
  // not known from memory (the fast path then hands the request to the pool).
  auto serve = [&playback, &files, &auth, delivery](Request& req, bool memory_only) -> std::optional<Response> {
    // A remote store's lookups cross the network: never on an I/O thread.
    if (memory_only && files.remote()) return std::nullopt;
    const std::string& id = req.param("id");
    const std::string& file = req.param("file");
    auto exp = req.query("exp").value_or(""), vid = req.query("vid").value_or(""), sig = req.query("sig").value_or("");
    // The gate's cookie opens an adult video's files only where it would open its page (no
    // minimum age set); a signed-in viewer past a minimum age plays from signed URLs.
    const auto& gate = auth.age_gate();
    auto access = playback.media_access(id, file, exp, vid, sig, memory_only, gate.passed(req, std::nullopt),
                                        gate.adult_content_enabled());
    auto token_query = [&] { return "exp=" + exp + (vid.empty() ? "" : "&vid=" + vid) + "&sig=" + sig; };
    switch (access.verdict) {
      case PlaybackService::Verdict::unknown: return std::nullopt;
      case PlaybackService::Verdict::missing: throw_not_found("media");
      case PlaybackService::Verdict::forbidden:
        throw Error(ErrorCode::forbidden, "a valid playback token (or, for an adult video, the age gate) is required");
      case PlaybackService::Verdict::allowed: break;
    }
    auto found = files.locate(id, file);
    if (!found) throw_not_found("media");
    const MediaFile& media = *found;
    http::ReadBody read_body;
    if (media.is_remote()) {
      read_body = [&files, &media](std::uint64_t first, std::uint64_t length) { return files.read(media, first, length); };
    }

    std::string type = http::media_content_type(file);
    if (access.signed_ && file.ends_with(".vtt")) {
      // A signed storyboard carries the token to its sheets.
      Response r = Response::text(200, append_query_to_storyboard(files.read_all(media), token_query()), type);
      r.headers.set("Cache-Control", "private, max-age=300");
      return r;
    }
    if (!file.ends_with(".m3u8")) {
      // Segments and images never change once written. A storyboard is never redirected: the
      // sheets it names are relative to it, and would resolve to unsigned store URLs.
      if (delivery.redirect && media.is_remote() && !file.ends_with(".vtt")) {
        std::optional<std::string> target;
        if (!delivery.cdn_base_url.empty() && !access.signed_ && !access.private_cache) {
          target = delivery.cdn_base_url + "/" + media.blob_key;
        } else {
          // Never valid longer than the playback token that asked for it.
          auto ttl = delivery.presigned_ttl;
          if (access.signed_) {
            std::int64_t expires_s = 0;
            std::from_chars(exp.data(), exp.data() + exp.size(), expires_s);
            const auto left = std::chrono::seconds(expires_s - wall_clock_ms() / 1000);
            ttl = std::clamp(left, std::chrono::seconds(1), ttl);
          }
          target = files.direct_url(media, ttl);
        }
        if (target) {
          Response r;
          r.status = 302;
          r.headers.set("Location", *target);
          // A presigned target expires, so the redirect is cached well within its life.
          r.headers.set("Cache-Control",
                        access.signed_ || access.private_cache ? "private, max-age=60" : "public, max-age=300");
          return r;
        }
      }
      return http::file_response(req, media.facts, type,
                                 access.private_cache ? "private, max-age=31536000, immutable"
                                                      : "public, max-age=31536000, immutable",
                                 read_body);
    }
    const std::string max_age = access.finished ? "max-age=300" : "max-age=1";
    if (access.finished && !access.signed_ && !access.private_cache) {
      return http::file_response(req, media.facts, type, "public, " + max_age, read_body);
    }
    std::string playlist = files.read_all(media);
    // A growing (EVENT) playlist keeps one target duration from its first version on.
    if (!access.finished) playlist = with_target_duration_at_least(playlist, media::LadderOptions{}.segment_seconds);
    // A signed playlist carries the token to everything it references.
    if (access.signed_) {
      playlist = append_query_to_playlist(playlist, token_query());
    }
    Response r = Response::text(200, std::move(playlist), type);
    r.headers.set("Cache-Control", (access.signed_ || access.private_cache ? "private, " : "public, ") + max_age);
    return r;
  };

  http::RouteOptions media_options;
  media_options.fast_path = [serve](Request& req) { return serve(req, true); };
  router.add(
      Method::GET, "/media/videos/{id}/{file*}", [serve](Request& req) { return *serve(req, false); },
      {"HLS playlists, segments and images of a video (the origin a CDN caches)", "playback", http::Access::public_,
       "", ""},
      media_options);
}

}  // namespace marquee::playback
