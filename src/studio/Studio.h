#pragma once
// The creator studio's records (docs/studio.md): projects, the clips made of their photos,
// and the final videos compiled from them. Plain data; every one belongs to one account and
// is seen by it alone.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Clock.h"
#include "studio/ClipGenerator.h"

namespace marquee::studio {

enum class ProjectStatus { in_progress, completed, archived };
std::string_view project_status_name(ProjectStatus status);
std::optional<ProjectStatus> parse_project_status(std::string_view name);

struct Project {
  std::string id;
  std::string user_id;
  std::string title;
  ProjectStatus status = ProjectStatus::in_progress;
  std::string music_track_id;  // empty: none
  int width = 1280;
  int height = 720;
  int frame_rate = 30;
  std::int64_t clip_count = 0;
  Millis created_at = 0;
  Millis updated_at = 0;
};

struct ProjectPage {
  std::vector<Project> items;  // newest first
  std::optional<std::string> next_cursor;
};

enum class ClipStatus { generating, ready, failed };
std::string_view clip_status_name(ClipStatus status);
std::optional<ClipStatus> parse_clip_status(std::string_view name);

struct Clip {
  std::string id;
  std::string project_id;
  std::string user_id;
  std::int64_t position = 0;  // 0…n-1 within the project, as listed
  ClipStatus status = ClipStatus::generating;
  bool approved = false;
  Motion motion = Motion::zoom_in;
  Easing easing = Easing::ease_in_out;
  std::string prompt;
  std::int64_t duration_ms = 0;
  int image_width = 0;
  int image_height = 0;
  std::int64_t generation = 1;  // one more per regeneration
  std::int64_t cost = 0;        // credits this generation took
  std::string generator;
  std::string failure_reason;
  std::int64_t video_bytes = 0;
  std::int64_t video_duration_ms = 0;
  Millis created_at = 0;
  Millis updated_at = 0;
};

// Where a clip's files are kept (BlobStore keys). Everything of an account's studio is under
// studio_prefix(user) (segments, no trailing '/': BlobStore.h): deleting the account or a
// project removes its prefix.
std::string studio_prefix(const std::string& user_id);
std::string project_prefix(const std::string& user_id, const std::string& project_id);
std::string clip_prefix(const Clip& clip);
std::string clip_photo_key(const Clip& clip);
std::string clip_video_key(const Clip& clip);  // of its current generation

// The debit of one generation of a clip: "clip:<id>:<generation>".
std::string generation_reference(const std::string& clip_id, std::int64_t generation);

}  // namespace marquee::studio
