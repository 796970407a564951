#pragma once
// A notification as stored and listed: what happened (kind), what it is about (subject),
// who caused it, and small facts for display.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Clock.h"

namespace marquee::notifications {

enum class Kind {
  new_video,       // a channel you subscribe to published a video
  comment_reply,   // someone replied to your comment
  video_ready,     // your video finished processing
  video_failed,    // your video could not be processed
  like_milestone,  // your video reached 10, 100, 1,000 … likes
  moderation,      // the moderators acted on your content or account (cannot be turned off)
};

std::string_view kind_name(Kind kind);
std::optional<Kind> parse_kind(std::string_view name);
const std::vector<Kind>& all_kinds();

struct Notification {
  std::string id;
  std::string user_id;
  Kind kind = Kind::new_video;
  std::string subject_id;
  std::optional<std::string> actor_id;
  std::string data_json = "{}";
  std::string dedupe_key;
  Millis created_at = 0;
  std::optional<Millis> read_at;
};

}  // namespace marquee::notifications
