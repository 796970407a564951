#pragma once
// A ClipGenerator that hands the photo to a hosted image-to-video service
// (docs/studio.md#the-hosted-generator-protocol), for operators who set
// studio.generator = http. The protocol is small, so an adapter in front of any provider
// (Runway, Luma, Kling, a GPU box of one's own) can speak it:
//
//   POST {url}/clips   {"image": base64 JPEG, "prompt", "system_prompt", "model", "motion",
//                       "duration_ms", "width", "height", "frame_rate"}   → {"id", "status", …}
//   GET  {url}/clips/{id}   → {"id", "status": queued|running|succeeded|failed,
//                              "progress"?: 0…1, "video_url"?: when succeeded, "error"?: when failed}
//   GET  {video_url}   → the clip (MP4 or anything ffmpeg reads with a video stream)
//
// with `Authorization: Bearer {key}` on the first two. Marquee polls every poll_interval
// until the task settles or `timeout` passes; a call that fails in transit, or answers 429 or
// 5xx, is tried again (up to `attempts` times, backing off). The result is checked by ffprobe
// before it is kept. Compiles normalise provider clips to the project's frame and rate.
#include <chrono>
#include <functional>
#include <string>

#include "studio/ClipGenerator.h"

namespace marquee::studio {

struct HttpGeneratorOptions {
  std::string url;  // e.g. https://clips.example.com/v1
  std::string key;
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};  // one clip, submit to download
  std::chrono::milliseconds poll_interval{std::chrono::seconds(2)};
  int attempts = 4;  // per call
  std::uint64_t max_clip_bytes = std::uint64_t{200} << 20;
  // The live settings: what to send as system_prompt and model.
  std::function<std::string()> system_prompt = [] { return std::string(); };
  std::function<std::string()> model = [] { return std::string(); };
};

class HttpClipGenerator final : public ClipGenerator {
 public:
  explicit HttpClipGenerator(HttpGeneratorOptions options) : options_(std::move(options)) {}
  std::string name() const override { return "http"; }
  GeneratedClip generate(const ClipRequest& request, std::stop_token cancel,
                         const std::function<void(double)>& progress) override;

 private:
  HttpGeneratorOptions options_;
};

}  // namespace marquee::studio
