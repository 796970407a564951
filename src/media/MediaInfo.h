#pragma once
// MediaInfo is what the pipeline needs to know about an uploaded source, as read by ffprobe
// (see Probe.h): how long it is, how its picture is shaped once rotation and pixel aspect
// are applied, its frame rate and bit depth, and whether it has sound. Plain data.
#include <cstdint>
#include <optional>
#include <string>

namespace marquee::media {

struct Rational {
  int num = 0;
  int den = 1;

  bool valid() const { return num > 0 && den > 0; }
  double value() const { return valid() ? static_cast<double>(num) / den : 0.0; }
  // "30000/1001"; what ffmpeg options and filters take.
  std::string to_string() const { return std::to_string(num) + "/" + std::to_string(den); }
  friend bool operator==(const Rational&, const Rational&) = default;
};

struct VideoStreamInfo {
  int stream_index = 0;  // absolute index in the container, for `-map 0:N`
  std::string codec;     // ffprobe codec_name: "h264", "hevc", "vp9", …
  std::string profile;
  // As stored, before rotation.
  int width = 0;
  int height = 0;
  // As shown: pixel aspect applied, then rotated. Portrait phone clips are stored
  // landscape with a 90° rotation and display portrait.
  int display_width = 0;
  int display_height = 0;
  // Clockwise degrees the picture is turned for display: 0, 90, 180 or 270.
  int rotation = 0;
  Rational sample_aspect_ratio{1, 1};
  // avg_frame_rate, or r_frame_rate when the average is unknown; invalid when neither is.
  Rational frame_rate;
  // r_frame_rate: the rate every timestamp fits; for variable-rate phone clips, the rate
  // the camera aimed at. Invalid when unknown or implausible (WebM reports 1000/1).
  Rational nominal_frame_rate;
  // The stream's timestamps are not evenly spaced (average and nominal rate disagree).
  bool variable_frame_rate = false;
  std::string pix_fmt;
  int bit_depth = 8;
  std::int64_t duration_ms = 0;  // 0 when the stream does not say
};

struct AudioStreamInfo {
  int stream_index = 0;
  std::string codec;
  int channels = 0;
  int sample_rate = 0;
};

struct MediaInfo {
  std::int64_t duration_ms = 0;
  std::string container;  // ffprobe format_name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
  std::int64_t size_bytes = 0;
  std::int64_t bit_rate = 0;  // bits per second, 0 when unknown
  VideoStreamInfo video;
  std::optional<AudioStreamInfo> audio;

  bool has_audio() const { return audio.has_value(); }
};

}  // namespace marquee::media
