#pragma once
// What makes a clip of a photo (docs/studio.md#clip-generators). The built-in generator
// pans and zooms over the photo with ffmpeg (KenBurnsGenerator.h); an operator may plug in a
// hosted image-to-video service instead (HttpClipGenerator.h). A generator is given the
// stored photo and a place to write an MP4, and runs on a worker thread inside a durable job,
// so it may take its time, must stop when asked to, and may run again after a crash.
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>

namespace marquee::studio {

// How the picture moves. Every motion stays inside the photo: never a black border.
enum class Motion { zoom_in, zoom_out, pan_left, pan_right, pan_up, pan_down };
enum class Easing { linear, ease_in_out };

std::string_view motion_name(Motion motion);
std::optional<Motion> parse_motion(std::string_view name);
std::string_view easing_name(Easing easing);
std::optional<Easing> parse_easing(std::string_view name);

struct ClipRequest {
  std::string photo_path;   // the stored photo (PhotoIntake.h): upright JPEG
  std::string output_path;  // where the MP4 goes
  int width = 1280;         // the project's frame
  int height = 720;
  int frame_rate = 30;
  std::int64_t duration_ms = 5'000;
  Motion motion = Motion::zoom_in;
  Easing easing = Easing::ease_in_out;
  std::string prompt;  // for generators that take one (the built-in one does not)
};

struct GeneratedClip {
  std::int64_t duration_ms = 0;
  std::uint64_t bytes = 0;
};

class ClipGenerator {
 public:
  virtual ~ClipGenerator() = default;
  // "ken_burns", or the provider's name: recorded with each clip.
  virtual std::string name() const = 0;
  // Writes the clip to request.output_path. `progress` takes 0…1. Throws Error with a
  // message a creator may read when the clip cannot be made; returns early (throwing
  // Error(unavailable)) once `cancel` is requested.
  virtual GeneratedClip generate(const ClipRequest& request, std::stop_token cancel,
                                 const std::function<void(double)>& progress) = 0;
};

}  // namespace marquee::studio
