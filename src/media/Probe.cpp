#include "media/Probe.h"

#include "core/Error.h"
#include "media/ChildProcess.h"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <system_error>

namespace marquee::media {
namespace {

namespace bj = boost::json;

constexpr std::array kPlaylistFormats{"hls", "applehttp", "concat", "dash", "sdp", "rtsp", "rtp", "imf"};
constexpr double kVariableRateTolerance = 0.01;
// Demuxers a probe over http may use (ProbeOptions::allow_http).
constexpr const char* kRemoteFormats = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpegts,mpeg,flv,asf,ogg,mxf,nut";
constexpr double kMaxPlausibleFrameRate = 300.0;

[[noreturn]] void reject(const std::string& reason, const std::string& message,
                         std::map<std::string, std::string> details = {}) {
  details["reason"] = reason;
  throw Error(ErrorCode::unprocessable, message, std::move(details));
}

std::string human_duration(std::int64_t ms) {
  std::int64_t seconds = (ms + 999) / 1000;
  std::int64_t hours = seconds / 3600, minutes = seconds % 3600 / 60, rest = seconds % 60;
  std::string text;
  if (hours > 0) text += std::to_string(hours) + " h ";
  if (hours > 0 || minutes > 0) text += std::to_string(minutes) + " min ";
  if (hours == 0) text += std::to_string(rest) + " s ";
  text.pop_back();
  return text;
}

const bj::object* object_at(const bj::object& parent, std::string_view key) {
  auto it = parent.find(key);
  return it != parent.end() && it->value().is_object() ? &it->value().get_object() : nullptr;
}

std::string string_at(const bj::object& parent, std::string_view key) {
  auto it = parent.find(key);
  if (it == parent.end()) return {};
  const bj::value& value = it->value();
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_int64()) return std::to_string(value.get_int64());
  if (value.is_uint64()) return std::to_string(value.get_uint64());
  return {};
}

std::optional<double> number_at(const bj::object& parent, std::string_view key) {
  auto it = parent.find(key);
  if (it == parent.end()) return std::nullopt;
  const bj::value& value = it->value();
  if (value.is_int64()) return static_cast<double>(value.get_int64());
  if (value.is_uint64()) return static_cast<double>(value.get_uint64());
  if (value.is_double()) return value.get_double();
  if (value.is_string()) {
    std::string_view text = value.get_string();
    double parsed = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), parsed);
    if (error == std::errc{} && end == text.data() + text.size() && std::isfinite(parsed)) return parsed;
  }
  return std::nullopt;
}

int int_at(const bj::object& parent, std::string_view key, int fallback = 0) {
  auto number = number_at(parent, key);
  if (!number || *number < -1e9 || *number > 1e9) return fallback;
  return static_cast<int>(std::lround(*number));
}

// A count ffprobe reported (bytes, bits per second): 0 unless it is a whole number that fits.
// A hostile container may claim any size; casting 1e119 to an integer is undefined (found by
// scripts/fuzz: tests/fuzz/regressions/ffprobe/).
std::int64_t count_at(const bj::object& parent, std::string_view key) {
  auto number = number_at(parent, key);
  if (!number || *number < 0 || *number > 9e18) return 0;
  return static_cast<std::int64_t>(*number);
}

std::int64_t millis_from_seconds(std::optional<double> seconds) {
  if (!seconds || *seconds <= 0 || *seconds > 1e9) return 0;
  return static_cast<std::int64_t>(std::llround(*seconds * 1000.0));
}

bool is_attached_picture(const bj::object& stream) {
  const bj::object* disposition = object_at(stream, "disposition");
  return disposition && int_at(*disposition, "attached_pic") == 1;
}

// Clockwise quarter turns, from the display matrix (counterclockwise degrees in ffprobe's
// "rotation") or, in older files, the "rotate" tag (clockwise degrees).
int rotation_of(const bj::object& stream) {
  std::optional<double> clockwise;
  auto side_data = stream.find("side_data_list");
  if (side_data != stream.end() && side_data->value().is_array()) {
    for (const bj::value& entry : side_data->value().get_array()) {
      if (!entry.is_object()) continue;
      if (auto rotation = number_at(entry.get_object(), "rotation")) {
        clockwise = -*rotation;
        break;
      }
    }
  }
  if (!clockwise) {
    if (const bj::object* tags = object_at(stream, "tags")) clockwise = number_at(*tags, "rotate");
  }
  if (!clockwise || std::abs(*clockwise) > 1e6) return 0;
  long quarter_turns = std::lround(*clockwise / 90.0);
  return static_cast<int>(((quarter_turns % 4) + 4) % 4) * 90;
}

int bit_depth_of(const bj::object& stream, const std::string& pix_fmt) {
  if (auto bits = number_at(stream, "bits_per_raw_sample"); bits && *bits >= 8 && *bits <= 16) {
    return static_cast<int>(*bits);
  }
  for (int depth : {16, 14, 12, 10, 9}) {
    std::string digits = std::to_string(depth);
    if (pix_fmt.find("p" + digits) != std::string::npos || pix_fmt.find(digits + "le") != std::string::npos ||
        pix_fmt.find(digits + "be") != std::string::npos || pix_fmt == "p0" + digits) {
      return depth;
    }
  }
  return 8;
}

Rational plausible_rate(std::string_view text) {
  Rational rate = parse_rational(text);
  if (!rate.valid() || rate.value() > kMaxPlausibleFrameRate || rate.value() < 0.1) return {};
  return rate;
}

Rational parse_aspect(std::string_view text) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return {1, 1};
  std::string slash(text);
  slash[colon] = '/';
  Rational aspect = parse_rational(slash);
  if (!aspect.valid() || aspect.value() < 0.1 || aspect.value() > 10) return {1, 1};
  return aspect;
}

VideoStreamInfo read_video(const bj::object& stream) {
  VideoStreamInfo video;
  video.stream_index = int_at(stream, "index");
  video.codec = string_at(stream, "codec_name");
  video.profile = string_at(stream, "profile");
  video.width = int_at(stream, "width");
  video.height = int_at(stream, "height");
  video.pix_fmt = string_at(stream, "pix_fmt");
  video.bit_depth = bit_depth_of(stream, video.pix_fmt);
  video.rotation = rotation_of(stream);
  video.sample_aspect_ratio = parse_aspect(string_at(stream, "sample_aspect_ratio"));
  video.duration_ms = millis_from_seconds(number_at(stream, "duration"));

  Rational average = plausible_rate(string_at(stream, "avg_frame_rate"));
  Rational nominal = plausible_rate(string_at(stream, "r_frame_rate"));
  video.frame_rate = average.valid() ? average : nominal;
  video.nominal_frame_rate = nominal;
  if (average.valid() && nominal.valid()) {
    video.variable_frame_rate = std::abs(average.value() - nominal.value()) > kVariableRateTolerance * nominal.value();
  }

  double stretched_width = video.width * video.sample_aspect_ratio.value();
  int display_width = std::max(1, static_cast<int>(std::lround(stretched_width)));
  int display_height = video.height;
  if (video.rotation == 90 || video.rotation == 270) std::swap(display_width, display_height);
  video.display_width = display_width;
  video.display_height = display_height;
  return video;
}

AudioStreamInfo read_audio(const bj::object& stream) {
  AudioStreamInfo audio;
  audio.stream_index = int_at(stream, "index");
  audio.codec = string_at(stream, "codec_name");
  audio.channels = int_at(stream, "channels");
  audio.sample_rate = int_at(stream, "sample_rate");
  return audio;
}

bool is_still_image_format(const std::string& format_name) {
  return format_name == "image2" || format_name.ends_with("_pipe");
}

}  // namespace

Rational parse_rational(std::string_view text) {
  auto slash = text.find('/');
  std::string_view num_text = text.substr(0, slash);
  std::string_view den_text = slash == std::string_view::npos ? std::string_view("1") : text.substr(slash + 1);
  long long num = 0, den = 0;
  auto [num_end, num_error] = std::from_chars(num_text.data(), num_text.data() + num_text.size(), num);
  auto [den_end, den_error] = std::from_chars(den_text.data(), den_text.data() + den_text.size(), den);
  if (num_error != std::errc{} || den_error != std::errc{} || num_end != num_text.data() + num_text.size() ||
      den_end != den_text.data() + den_text.size() || num <= 0 || den <= 0 || num > INT32_MAX || den > INT32_MAX) {
    return {};
  }
  return {static_cast<int>(num), static_cast<int>(den)};
}

MediaInfo parse_probe_output(std::string_view json, const ProbeOptions& options) {
  std::error_code parse_error;
  bj::value root = bj::parse(json, parse_error);
  if (parse_error || !root.is_object()) reject("not_media", "This file is not a video Marquee can read.");
  const bj::object& top = root.get_object();
  const bj::object* format = object_at(top, "format");
  auto streams_it = top.find("streams");
  if (!format || streams_it == top.end() || !streams_it->value().is_array()) {
    reject("not_media", "This file is not a video Marquee can read.");
  }

  MediaInfo info;
  info.container = string_at(*format, "format_name");
  info.size_bytes = count_at(*format, "size");
  info.bit_rate = count_at(*format, "bit_rate");
  for (const char* playlist : kPlaylistFormats) {
    if (info.container == playlist) {
      reject("playlist_not_allowed", "Playlists and stream descriptions (" + info.container +
                                         ") are not accepted; upload the video file itself.");
    }
  }

  const bj::object* video_stream = nullptr;
  const bj::object* audio_stream = nullptr;
  for (const bj::value& entry : streams_it->value().get_array()) {
    if (!entry.is_object()) continue;
    const bj::object& stream = entry.get_object();
    std::string type = string_at(stream, "codec_type");
    if (type == "video" && !video_stream && !is_attached_picture(stream)) video_stream = &stream;
    if (type == "audio" && !audio_stream) audio_stream = &stream;
  }
  if (!video_stream) {
    if (audio_stream) reject("no_video", "This file has sound but no picture; audio-only uploads are not supported.");
    reject("not_media", "This file has no video stream Marquee can read.");
  }
  if (is_still_image_format(info.container)) {
    reject("not_media", "This is a still image, not a video.");
  }

  info.video = read_video(*video_stream);
  if (audio_stream) info.audio = read_audio(*audio_stream);

  const VideoStreamInfo& video = info.video;
  if (video.codec.empty() || video.codec == "none") {
    reject("unsupported_video", "The video stream uses a format Marquee cannot decode.");
  }
  int largest = std::max({video.width, video.height, video.display_width, video.display_height});
  int smallest = std::min({video.width, video.height, video.display_width, video.display_height});
  std::string size_text = std::to_string(video.display_width) + "×" + std::to_string(video.display_height);
  if (largest > options.max_dimension) {
    reject("dimensions_too_large", "The video is " + size_text + " pixels; the largest side may be at most " +
                                       std::to_string(options.max_dimension) + " pixels.",
           {{"width", std::to_string(video.display_width)}, {"height", std::to_string(video.display_height)}});
  }
  if (smallest < options.min_dimension) {
    reject("dimensions_too_small", "The video is " + size_text + " pixels, too small to show.",
           {{"width", std::to_string(video.display_width)}, {"height", std::to_string(video.display_height)}});
  }

  info.duration_ms = millis_from_seconds(number_at(*format, "duration"));
  if (info.duration_ms <= 0) info.duration_ms = video.duration_ms;
  if (info.duration_ms <= 0) {
    reject("unknown_duration", "Marquee could not tell how long this video is; re-export it as MP4 and try again.");
  }
  if (options.max_duration_ms > 0 && info.duration_ms > options.max_duration_ms) {
    reject("too_long", "The video is " + human_duration(info.duration_ms) + " long; the limit is " +
                           human_duration(options.max_duration_ms) + ".",
           {{"duration_ms", std::to_string(info.duration_ms)}, {"max_duration_ms", std::to_string(options.max_duration_ms)}});
  }
  return info;
}

MediaInfo probe_media(const std::string& path, const ProbeOptions& options) {
  const bool remote = options.allow_http && (path.starts_with("http://") || path.starts_with("https://"));
  if (!remote) {
    std::error_code error;
    auto size = std::filesystem::file_size(path, error);
    if (error) throw Error(ErrorCode::internal, "cannot read the source file " + path + ": " + error.message());
    if (size == 0) reject("empty_file", "The file is empty.");
  }

  ChildOptions child_options;
  child_options.timeout = options.timeout;
  std::vector<std::string> argv{options.ffprobe_path, "-v", "error", "-hide_banner", "-protocol_whitelist",
                                remote ? "http,https,tcp,tls" : "file"};
  if (remote) {
    // Over the network, only containers that hold their media themselves: a playlist or a
    // manifest (HLS, DASH, concat) would make ffprobe fetch whatever URLs the file names.
    argv.insert(argv.end(), {"-format_whitelist", kRemoteFormats});
  }
  argv.insert(argv.end(), {"-print_format", "json", "-show_format", "-show_streams", remote ? path : "file:" + path});
  ChildResult result = run_child(argv, std::move(child_options));
  if (result.timed_out) {
    reject("probe_timeout", "Reading this file took too long; it may be damaged.");
  }
  if (!result.succeeded() || result.stdout_truncated) {
    std::string detail = result.last_stderr_line();
    if (detail.find(path) != std::string::npos) detail.replace(detail.find(path), path.size(), "<upload>");
    reject("not_media", "This file is not a video Marquee can read.", {{"ffprobe", detail}});
  }
  return parse_probe_output(result.stdout_data, options);
}

}  // namespace marquee::media
