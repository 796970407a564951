#include "media/FrameSampler.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/Error.h"
#include "media/ChildProcess.h"

namespace marquee::media {

std::vector<std::int64_t> sample_points(std::int64_t duration_ms, int count) {
  std::vector<std::int64_t> points;
  if (count <= 0) return points;
  duration_ms = std::max<std::int64_t>(duration_ms, 0);
  for (int i = 0; i < count; ++i) points.push_back(duration_ms * (2 * i + 1) / (2 * count));
  return points;
}

std::vector<SampledFrame> sample_frames(const std::string& source, std::int64_t duration_ms,
                                        const std::string& work_dir, const FrameSampleOptions& options) {
  const std::vector<std::int64_t> points = sample_points(duration_ms, options.count);
  if (points.empty()) return {};
  const std::string side = std::to_string(options.max_side);
  const std::string scale = "scale=w='min(" + side + ",iw)':h='min(" + side + ",ih)'" +
                            ":force_original_aspect_ratio=decrease:force_divisible_by=2";
  std::vector<std::string> argv{options.ffmpeg_path, "-nostdin", "-hide_banner", "-loglevel", "error", "-y"};
  for (std::int64_t at_ms : points) {
    argv.insert(argv.end(), {"-noaccurate_seek", "-skip_frame", "nokey", "-threads", "1", "-ss",
                             std::to_string(at_ms / 1000.0), "-protocol_whitelist", "file", "-i", "file:" + source});
  }
  // Passthrough: the keyframe before a point has a timestamp before the seek, which the
  // default frame rate handling would drop.
  std::vector<std::string> outputs;
  for (std::size_t i = 0; i < points.size(); ++i) {
    outputs.push_back(work_dir + "/sample-" + std::to_string(i) + ".jpg");
    argv.insert(argv.end(), {"-map", std::to_string(i) + ":v:0", "-fps_mode", "passthrough", "-frames:v", "1", "-an", "-sn", "-dn", "-vf", scale,
                             "-q:v", "4", "-f", "image2", "-update", "1", "file:" + outputs.back()});
  }
  ChildOptions child_options;
  child_options.timeout = options.timeout;
  ChildProcess child(argv, std::move(child_options));
  const ChildResult result = child.wait();

  std::vector<SampledFrame> frames;
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    std::ifstream in(outputs[i], std::ios::binary);
    std::string jpeg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::error_code ec;
    std::filesystem::remove(outputs[i], ec);
    const bool again = std::any_of(frames.begin(), frames.end(), [&](const auto& f) { return f.jpeg == jpeg; });
    if (!jpeg.empty() && !again) frames.push_back({points[i], std::move(jpeg)});
  }
  // A point past the last decodable frame makes an empty output, which ffmpeg reports as an
  // error: the frames that did come out still count.
  if (!result.succeeded() && frames.empty()) {
    throw Error(ErrorCode::unprocessable, "no frame could be taken from the video: " + result.describe() +
                                              (result.last_stderr_line().empty() ? "" : ": " + result.last_stderr_line()));
  }
  return frames;
}

}  // namespace marquee::media
