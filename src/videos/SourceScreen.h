#pragma once
// A check an uploaded source passes before its video may become public (malware scanning:
// src/scanning/): it runs in the transcode job, after the source is in place and before
// anything is decoded. It may let the video through, hold it for the moderators' review (the
// transcode goes on; the video stays held until a moderator approves it), or reject it (the
// video fails with the reason, and its source is deleted).
#include <functional>
#include <string>

#include "videos/Video.h"

namespace marquee::videos {

struct ScreenVerdict {
  enum class Action { pass, hold, reject };
  Action action = Action::pass;
  std::string reason;  // shown to the uploader (failure_reason, or the hold's reason)
};

using SourceScreen = std::function<ScreenVerdict(const Video& video, const std::string& source_path)>;

}  // namespace marquee::videos
