#pragma once
// transcode() runs a LadderPlan end to end into an output directory: one supervised ffmpeg
// process (HlsCommand, optionally also making the images) with a deadline proportional to
// the duration, progress from its `-progress` output, and Marquee's own master playlist
// (MasterPlaylist). The video is playable before the encode ends: as soon as every
// rendition's playlist lists a complete segment (the first is short, see HlsCommand),
// master.m3u8 is published (with planned bandwidths) and on_first_segments fires; the
// media playlists keep growing as EVENT playlists. When ffmpeg exits cleanly every
// playlist ends with #EXT-X-ENDLIST and the master is rewritten with measured bandwidths.
//
// Playlists stay EVENT after the end (with ENDLIST) rather than becoming VOD: RFC 8216
// §6.2.1 lets a server only append to a media playlist a client may be reading, and a
// player that started during processing already treats EVENT+ENDLIST as complete.
//
// On failure, timeout or cancellation the output directory is removed (or emptied, if it
// existed before), including anything already published; ffmpeg is dead by then.
#include "core/Error.h"
#include "media/Images.h"
#include "media/LadderPlan.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace marquee::media {

struct TranscodeOptions {
  std::string ffmpeg_path = "ffmpeg";
  // Deadline: max(min_timeout, timeout_factor × source duration × ladder_cost(plan)), so a
  // 4K ladder gets proportionally longer than a 480p one. It is a backstop; a hung ffmpeg
  // is caught sooner by stall_timeout.
  double timeout_factor = 10.0;
  std::chrono::milliseconds min_timeout{std::chrono::seconds(60)};
  // ffmpeg's output position not advancing for this long ends the transcode (reason "stalled").
  std::chrono::milliseconds stall_timeout{std::chrono::minutes(2)};
  std::chrono::milliseconds kill_grace{std::chrono::seconds(3)};
  // Polled about every poll_interval; true stops ffmpeg and throws TranscodeCancelled.
  std::function<bool()> should_cancel;
  // 0…100, increasing; 100 only once everything is written.
  std::function<void(int percent)> on_progress;
  // Called once, when the video first becomes playable (master.m3u8 is in place).
  std::function<void()> on_first_segments;
  // Also how soon the first segments are noticed: a tick reads a few small playlists until
  // then, and only checks for a stall afterwards.
  std::chrono::milliseconds poll_interval{std::chrono::milliseconds(100)};
  // When set, the same ffmpeg also writes the image outputs into out_dir (see Images.h);
  // finish_images() turns them into the poster, thumbnail and storyboard. Not owned.
  const ImagePlan* images = nullptr;
  // Where the fingerprint's luma frames go (HlsCommand.h); empty: none.
  std::string fingerprint_luma_path;
  // An encode shorter than this fraction of the source's video duration (minus a second)
  // means the source stopped decoding part-way (a truncated upload) and is a failure.
  double min_complete_fraction = 0.9;
};

struct RenditionOutput {
  std::string name;      // "720p", or "audio"
  std::string playlist;  // relative to the output directory: "720p/index.m3u8"
  int width = 0;         // 0 for audio
  int height = 0;
  std::size_t segments = 0;
  double duration_s = 0;
  std::int64_t bytes = 0;
  std::int64_t average_bandwidth_bps = 0;
  std::int64_t peak_bandwidth_bps = 0;
  std::string codecs;  // as read from the init segment: "avc1.64001f"; "mp4a.40.2" for audio
};

struct TranscodeResult {
  std::string master_playlist;  // relative to the output directory
  std::vector<RenditionOutput> renditions;  // video, largest first
  std::optional<RenditionOutput> audio;
  double duration_s = 0;  // of the longest video rendition
  std::chrono::milliseconds elapsed{0};
  // When on_first_segments fired, counted from the start, and whether ffmpeg was still running.
  std::chrono::milliseconds first_segments_after{0};
  bool first_segments_while_encoding = false;
};

// Encoding work relative to one 1080p30 rendition: Σ width × height × fps over the rungs,
// divided by 1920 × 1080 × 30, at least 1. A 1080p ladder costs about 1.8; a 4K60 one 15.
double ladder_cost(const LadderPlan& plan);

// Thrown when should_cancel() stopped the transcode.
class TranscodeCancelled : public Error {
 public:
  TranscodeCancelled() : Error(ErrorCode::gone, "transcoding was cancelled") {}
};

// REQUIRES: out_dir does not exist or is empty; it contains no '%'.
// Throws TranscodeCancelled; Error(unprocessable) with details reason = ffmpeg_failed |
// timeout | stalled | incomplete and stderr_tail (ffmpeg's last ~8 KB, for logs) when ffmpeg
// fails on this source — message and tail name the files "<source>" and "<output>", never by
// path; Error(internal) for local problems (ffmpeg missing, disk errors).
TranscodeResult transcode(const std::string& source, const std::string& out_dir, const LadderPlan& plan,
                          const TranscodeOptions& options = {});

}  // namespace marquee::media
