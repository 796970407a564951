#include "studio/StudioJson.h"

#include "core/JsonValues.h"

namespace marquee::studio {
namespace {

boost::json::value text_or_null(const std::string& text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

}  // namespace

boost::json::object project_json(const Project& p) {
  return boost::json::object{{"id", p.id},
                             {"title", p.title},
                             {"status", std::string(project_status_name(p.status))},
                             {"music_track_id", text_or_null(p.music_track_id)},
                             {"width", p.width},
                             {"height", p.height},
                             {"frame_rate", p.frame_rate},
                             {"clip_count", p.clip_count},
                             {"created_at", to_rfc3339(p.created_at)},
                             {"updated_at", to_rfc3339(p.updated_at)}};
}

boost::json::object clip_json(const Clip& k, const FileSigner& signer, Millis expires_at_ms) {
  const bool ready = k.status == ClipStatus::ready;
  return boost::json::object{
      {"id", k.id},
      {"project_id", k.project_id},
      {"order", k.position},
      {"status", std::string(clip_status_name(k.status))},
      {"approved", k.approved},
      {"motion", std::string(motion_name(k.motion))},
      {"easing", std::string(easing_name(k.easing))},
      {"prompt", k.prompt},
      {"duration_ms", k.duration_ms},
      {"image_width", k.image_width},
      {"image_height", k.image_height},
      {"image_url", signer.url(FileKind::clip_image, k.id, expires_at_ms)},
      {"video_url", ready ? boost::json::value(signer.url(FileKind::clip_video, k.id, expires_at_ms))
                          : boost::json::value(nullptr)},
      {"video_bytes", ready ? boost::json::value(k.video_bytes) : boost::json::value(nullptr)},
      {"video_duration_ms", ready ? boost::json::value(k.video_duration_ms) : boost::json::value(nullptr)},
      {"urls_expire_at", to_rfc3339(expires_at_ms)},
      {"generation", k.generation},
      {"cost", k.cost},
      {"generator", k.generator},
      {"failure_reason", text_or_null(k.failure_reason)},
      {"created_at", to_rfc3339(k.created_at)},
      {"updated_at", to_rfc3339(k.updated_at)}};
}

}  // namespace marquee::studio
