#include "videos/Video.h"

namespace marquee::videos {

std::string_view visibility_name(Visibility visibility) {
  switch (visibility) {
    case Visibility::public_: return "public";
    case Visibility::unlisted: return "unlisted";
    case Visibility::private_: return "private";
  }
  return "private";
}

std::optional<Visibility> parse_visibility(std::string_view name) {
  for (Visibility v : {Visibility::public_, Visibility::unlisted, Visibility::private_}) {
    if (visibility_name(v) == name) return v;
  }
  return std::nullopt;
}

std::string_view status_name(VideoStatus status) {
  switch (status) {
    case VideoStatus::draft: return "draft";
    case VideoStatus::uploading: return "uploading";
    case VideoStatus::queued: return "queued";
    case VideoStatus::processing: return "processing";
    case VideoStatus::playable: return "playable";
    case VideoStatus::ready: return "ready";
    case VideoStatus::failed: return "failed";
  }
  return "failed";
}

std::optional<VideoStatus> parse_status(std::string_view name) {
  for (VideoStatus s : {VideoStatus::draft, VideoStatus::uploading, VideoStatus::queued, VideoStatus::processing,
                        VideoStatus::playable, VideoStatus::ready, VideoStatus::failed}) {
    if (status_name(s) == name) return s;
  }
  return std::nullopt;
}

std::string_view moderation_name(Moderation moderation) {
  switch (moderation) {
    case Moderation::none: return "";
    case Moderation::held: return "held";
    case Moderation::removed: return "removed";
  }
  return "removed";
}

Moderation parse_moderation(std::string_view name) {
  if (name.empty()) return Moderation::none;
  if (name == "held") return Moderation::held;
  return Moderation::removed;  // fail closed
}

bool is_published(VideoStatus status) { return status == VideoStatus::playable || status == VideoStatus::ready; }

bool is_listed(const Video& video) {
  return video.visibility == Visibility::public_ && is_published(video.status) && video.moderation == Moderation::none;
}

}  // namespace marquee::videos
