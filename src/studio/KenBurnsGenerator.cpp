#include "studio/KenBurnsGenerator.h"

#include <algorithm>
#include <filesystem>
#include <charconv>

#include "core/Error.h"
#include "media/ChildProcess.h"
#include "media/ProgressParser.h"

namespace marquee::studio {
namespace {

// ffmpeg expressions read '.' as the decimal point whatever the locale; to_chars writes it.
std::string number(double value) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, value, std::chars_format::general, 6).ptr;
  return std::string(text, end);
}

std::int64_t frame_count(const ClipRequest& request) {
  return std::max<std::int64_t>(1, (request.duration_ms * request.frame_rate + 500) / 1000);
}

}  // namespace

std::string ken_burns_filter(const ClipRequest& request, const KenBurnsOptions& options) {
  const std::int64_t frames = frame_count(request);
  const int width = request.width * options.oversample;
  const int height = request.height * options.oversample;
  // p: 0 → 1 over the clip's frames; e: p eased (smoothstep) or not.
  const std::string p = "min(on/" + std::to_string(std::max<std::int64_t>(1, frames - 1)) + ",1)";
  const std::string e = request.easing == Easing::linear ? p : "(" + p + ")*(" + p + ")*(3-2*(" + p + "))";
  const std::string zoom = number(options.zoom);
  const std::string pan_zoom = number(options.pan_zoom);
  std::string z;
  std::string x = "(iw-iw/zoom)/2";  // centred unless the motion moves it
  std::string y = "(ih-ih/zoom)/2";
  switch (request.motion) {
    case Motion::zoom_in: z = "1+(" + zoom + "-1)*" + e; break;
    case Motion::zoom_out: z = zoom + "-(" + zoom + "-1)*" + e; break;
    case Motion::pan_left:  // the view travels left: from the right edge to the left one
      z = pan_zoom;
      x = "(iw-iw/zoom)*(1-" + e + ")";
      break;
    case Motion::pan_right:
      z = pan_zoom;
      x = "(iw-iw/zoom)*" + e;
      break;
    case Motion::pan_up:
      z = pan_zoom;
      y = "(ih-ih/zoom)*(1-" + e + ")";
      break;
    case Motion::pan_down:
      z = pan_zoom;
      y = "(ih-ih/zoom)*" + e;
      break;
  }
  return "scale=" + std::to_string(width) + ":" + std::to_string(height) +
         ":force_original_aspect_ratio=increase:flags=bicubic,crop=" + std::to_string(width) + ":" +
         std::to_string(height) + ",setsar=1,zoompan=z='" + z + "':x='" + x + "':y='" + y +
         "':d=" + std::to_string(frames) + ":s=" + std::to_string(request.width) + "x" +
         std::to_string(request.height) + ":fps=" + std::to_string(request.frame_rate) + ",format=yuv420p";
}

std::vector<std::string> ken_burns_command(const ClipRequest& request, const KenBurnsOptions& options) {
  const std::int64_t frames = frame_count(request);
  std::vector<std::string> argv{"ffmpeg", "-nostdin", "-v", "error", "-y", "-protocol_whitelist", "file",
                                "-f", "jpeg_pipe", "-i", "file:" + request.photo_path,
                                "-filter_complex", "[0:v]" + ken_burns_filter(request, options) + "[out]",
                                "-map", "[out]", "-frames:v", std::to_string(frames),
                                "-c:v", "libx264", "-preset", options.preset, "-crf", std::to_string(options.crf),
                                "-profile:v", "high", "-pix_fmt", "yuv420p", "-r", std::to_string(request.frame_rate),
                                "-g", std::to_string(request.frame_rate * 2), "-movflags", "+faststart"};
  if (options.threads > 0) argv.insert(argv.end(), {"-threads", std::to_string(options.threads)});
  argv.insert(argv.end(), {"-progress", "pipe:1", "-nostats", "-f", "mp4", "file:" + request.output_path});
  return argv;
}

GeneratedClip KenBurnsGenerator::generate(const ClipRequest& request, std::stop_token cancel,
                                          const std::function<void(double)>& progress) {
  media::ProgressParser parser(request.duration_ms);
  media::ChildOptions child;
  child.timeout = std::chrono::minutes(10);
  child.should_cancel = [&cancel] { return cancel.stop_requested(); };
  child.batch_scheduling = true;
  child.on_stdout_line = [&](std::string_view line) {
    if (auto percent = parser.feed_line(line); percent && progress) progress(*percent / 100.0);
  };
  const auto result = media::run_child(ken_burns_command(request, options_), child);
  if (result.cancelled) {
    std::filesystem::remove(request.output_path);
    throw Error(ErrorCode::unavailable, "the clip's generation was stopped");
  }
  if (!result.succeeded()) {
    std::filesystem::remove(request.output_path);
    throw Error(ErrorCode::internal, "ffmpeg could not make the clip: " + result.describe() + ": " +
                                         result.last_stderr_line());
  }
  std::error_code ec;
  const auto bytes = std::filesystem::file_size(request.output_path, ec);
  if (ec || bytes == 0) throw Error(ErrorCode::internal, "ffmpeg wrote no clip");
  return GeneratedClip{frame_count(request) * 1000 / request.frame_rate, bytes};
}

}  // namespace marquee::studio
