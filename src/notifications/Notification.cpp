#include "notifications/Notification.h"

namespace marquee::notifications {

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::new_video: return "new_video";
    case Kind::comment_reply: return "comment_reply";
    case Kind::video_ready: return "video_ready";
    case Kind::video_failed: return "video_failed";
    case Kind::like_milestone: return "like_milestone";
    case Kind::moderation: return "moderation";
  }
  return "new_video";
}

std::optional<Kind> parse_kind(std::string_view name) {
  for (Kind kind : all_kinds()) {
    if (kind_name(kind) == name) return kind;
  }
  return std::nullopt;
}

const std::vector<Kind>& all_kinds() {
  static const std::vector<Kind> kinds{Kind::new_video, Kind::comment_reply, Kind::video_ready, Kind::video_failed,
                                       Kind::like_milestone, Kind::moderation};
  return kinds;
}

}  // namespace marquee::notifications
