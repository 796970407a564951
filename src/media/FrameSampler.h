#pragma once
// A few still frames of a source, spread over its length, as small JPEGs: what an image
// classifier looks at (scanning/ContentClassifier.h). One ffmpeg run seeks to every point at
// once and decodes one frame there: the keyframe at or before the point (`-skip_frame
// nokey`, no accurate seek), so a point costs one decoded picture however far apart the
// source's keyframes are (decoding up to the exact point of a 1080p source with 8 s between
// keyframes took 1.7 s for five points; this takes 0.3 s). Points that land on the same
// keyframe give one frame. Rotation is applied, as players show it.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace marquee::media {

struct SampledFrame {
  std::int64_t at_ms = 0;
  std::string jpeg;
};

struct FrameSampleOptions {
  std::string ffmpeg_path = "ffmpeg";
  int count = 5;        // points, at the middles of `count` equal parts of the video
  int max_side = 320;   // pixels; smaller pictures are not enlarged
  std::chrono::milliseconds timeout{60'000};
};

// The points `count` frames are taken at: the middle of each of `count` equal parts of
// `duration_ms` (one frame: the middle of the video).
std::vector<std::int64_t> sample_points(std::int64_t duration_ms, int count);

// Samples `source` (a local file) into `work_dir`, which must exist; the JPEGs are read back
// and deleted. Points on one keyframe give one frame (the first point's), and a point past
// the last frame yields nothing, so fewer frames than asked may come back. Throws Error(unprocessable) when ffmpeg fails and Error(internal) when it
// cannot be run.
std::vector<SampledFrame> sample_frames(const std::string& source, std::int64_t duration_ms,
                                        const std::string& work_dir, const FrameSampleOptions& options = {});

}  // namespace marquee::media
