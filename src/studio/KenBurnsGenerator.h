#pragma once
// The built-in ClipGenerator: a slow pan or zoom over the photo ("Ken Burns"), made by one
// ffmpeg run. The photo is first scaled to cover the frame at `oversample` times its size
// and cropped to the frame's shape, so the moving window never leaves the picture whatever
// the photo's shape; zoompan then moves a window over it with eased motion, and the
// oversampling keeps the window's whole-pixel steps to a fraction of an output pixel (no
// visible jitter). H.264 in MP4, no sound, the project's size and rate.
#include <string>
#include <vector>

#include "studio/ClipGenerator.h"

namespace marquee::studio {

struct KenBurnsOptions {
  int oversample = 4;
  double zoom = 1.25;      // the closest a zoom comes
  double pan_zoom = 1.15;  // how close a pan holds the picture, to have room to move
  std::string preset = "veryfast";
  int crf = 20;
  int threads = 0;  // 0: ffmpeg decides
};

// The filter graph from the photo to the clip's frames.
std::string ken_burns_filter(const ClipRequest& request, const KenBurnsOptions& options);
// The whole ffmpeg command line.
std::vector<std::string> ken_burns_command(const ClipRequest& request, const KenBurnsOptions& options);

class KenBurnsGenerator final : public ClipGenerator {
 public:
  explicit KenBurnsGenerator(KenBurnsOptions options = {}) : options_(std::move(options)) {}
  std::string name() const override { return "ken_burns"; }
  GeneratedClip generate(const ClipRequest& request, std::stop_token cancel,
                         const std::function<void(double)>& progress) override;

 private:
  KenBurnsOptions options_;
};

}  // namespace marquee::studio
