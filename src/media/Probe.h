#pragma once
// Probe reads an uploaded file with ffprobe and decides whether Marquee can make a video of
// it. Anything it cannot is rejected with marquee::Error{ErrorCode::unprocessable} whose
// message a creator can act on and whose details carry a machine-readable "reason":
//   empty_file, not_media, playlist_not_allowed, no_video (audio-only), unsupported_video,
//   dimensions_too_large, dimensions_too_small, unknown_duration, too_long, probe_timeout.
// ffprobe only reads local files here (protocol whitelist "file"), and playlist formats
// (HLS, concat, …) are refused outright: they would make ffmpeg open other files.
#include "media/MediaInfo.h"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace marquee::media {

struct ProbeOptions {
  std::string ffprobe_path = "ffprobe";
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};
  // Zero means no limit.
  std::int64_t max_duration_ms = 0;
  int max_dimension = 8192;
  int min_dimension = 2;
  // Lets `path` be an http(s) URL: only for URLs Marquee made itself (a presigned store URL
  // of a direct upload), never for anything a client names.
  bool allow_http = false;
};

// Runs ffprobe on a local file. Throws Error(unprocessable) for files Marquee will not
// process and Error(internal) when ffprobe itself cannot be run.
MediaInfo probe_media(const std::string& path, const ProbeOptions& options = {});

// Interprets `ffprobe -print_format json -show_format -show_streams` output with the same
// rules; what probe_media does after ffprobe succeeded.
MediaInfo parse_probe_output(std::string_view json, const ProbeOptions& options = {});

// "30000/1001" → {30000, 1001}; "0/0", "N/A" and junk → an invalid Rational.
Rational parse_rational(std::string_view text);

}  // namespace marquee::media
