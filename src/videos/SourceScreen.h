#pragma once
// Checks an uploaded video passes on its way to being public.
//
// A check an uploaded source passes before its video may become public (malware scanning:
// src/scanning/): it runs in the transcode job, after the source is in place and before
// anything is decoded. It may let the video through, hold it for the moderators' review (the
// transcode goes on; the video stays held until a moderator approves it), or reject it (the
// video fails with the reason, and its source is deleted). Apart from that, it may mark the
// video adult (an image classifier: src/scanning/ContentClassifier.h), locked as a moderator's
// age restriction is.
#include <functional>
#include <string>

#include "videos/Video.h"

namespace marquee::videos {

struct ScreenVerdict {
  enum class Action { pass, hold, reject };
  Action action = Action::pass;
  std::string reason;  // shown to the uploader (failure_reason, or the hold's reason)
  bool restrict_age = false;
};

using SourceScreen = std::function<ScreenVerdict(const Video& video, const std::string& source_path)>;

// When a source screen runs. Malware scanning must run before anything decodes the source. A
// screen that only looks at pictures and takes its time (an image classifier) runs beside the
// encode instead: the video turns playable only once its verdict is in, so nothing of the
// video is public before it, and a refusal stops the encode.
enum class ScreenTiming { before_decoding, beside_encode };

// A check of the decoded frames (the perceptual fingerprint: src/fingerprints/), over the luma
// frames the transcode writes, one a second (HlsCommand.h). It runs twice: when the first
// segments are out, just before the video turns playable, over the frames so far
// (`complete` false), and once the transcode is done, over all of them (`complete` true). It
// may let the video through or hold it; rejecting is for source screens.
using FrameScreen =
    std::function<ScreenVerdict(const Video& video, const std::string& luma_path, bool complete)>;

}  // namespace marquee::videos
