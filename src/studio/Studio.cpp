#include "studio/Studio.h"

namespace marquee::studio {

std::string_view project_status_name(ProjectStatus status) {
  switch (status) {
    case ProjectStatus::in_progress: return "in_progress";
    case ProjectStatus::completed: return "completed";
    case ProjectStatus::archived: return "archived";
  }
  return "in_progress";
}

std::optional<ProjectStatus> parse_project_status(std::string_view name) {
  for (auto s : {ProjectStatus::in_progress, ProjectStatus::completed, ProjectStatus::archived}) {
    if (project_status_name(s) == name) return s;
  }
  return std::nullopt;
}

std::string_view clip_status_name(ClipStatus status) {
  switch (status) {
    case ClipStatus::generating: return "generating";
    case ClipStatus::ready: return "ready";
    case ClipStatus::failed: return "failed";
  }
  return "failed";
}

std::optional<ClipStatus> parse_clip_status(std::string_view name) {
  for (auto s : {ClipStatus::generating, ClipStatus::ready, ClipStatus::failed}) {
    if (clip_status_name(s) == name) return s;
  }
  return std::nullopt;
}

std::string studio_prefix(const std::string& user_id) { return "studio/" + user_id; }

std::string project_prefix(const std::string& user_id, const std::string& project_id) {
  return studio_prefix(user_id) + "/" + project_id;
}

std::string clip_prefix(const Clip& clip) {
  return project_prefix(clip.user_id, clip.project_id) + "/clips/" + clip.id;
}

std::string clip_photo_key(const Clip& clip) {
  return clip_prefix(clip) + "/photo.jpg";
}

std::string clip_video_key(const Clip& clip) {
  return clip_prefix(clip) + "/v" + std::to_string(clip.generation) + ".mp4";
}

std::string generation_reference(const std::string& clip_id, std::int64_t generation) {
  return "clip:" + clip_id + ":" + std::to_string(generation);
}

}  // namespace marquee::studio
