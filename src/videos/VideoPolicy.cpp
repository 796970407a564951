#include "videos/VideoPolicy.h"

#include "core/Error.h"

namespace marquee::videos {

bool may_create_videos(const accounts::Principal&) { return true; }

bool may_view(const accounts::Caller& caller, const Video& video) {
  if (video.visibility != Visibility::private_ && video.moderation != Moderation::held) return true;
  return caller && may_manage(*caller, video);
}

void require_not_removed(const accounts::Caller& caller, const Video& video) {
  if (video.moderation != Moderation::removed || (caller && caller->is_moderator())) return;
  throw Error(ErrorCode::removed, "this video was removed by the moderators: " + video.moderation_reason,
              {{"reason", video.moderation_reason}});
}

void require_age_gate(const accounts::Caller& caller, const Video& video, bool gate_passed) {
  if (!video.is_adult || gate_passed || (caller && may_manage(*caller, video))) return;
  throw Error(ErrorCode::age_restricted, "this video is for adults: confirm your age first (POST /api/age-gate)");
}

bool may_manage(const accounts::Principal& who, const Video& video) {
  return who.user_id == video.owner_id || who.is_moderator();
}

bool sees_whole_channel(const accounts::Caller& caller, const std::string& channel_owner_id) {
  return caller && (caller->user_id == channel_owner_id || caller->is_moderator());
}

}  // namespace marquee::videos
