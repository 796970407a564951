// What the built-in clip generator asks of ffmpeg: the frame count, the size and rate of the
// project, and motions that stay inside the (cropped-to-cover) photo.
#include "studio/KenBurnsGenerator.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace marquee::studio {
namespace {

bool has(const std::vector<std::string>& argv, const std::string& a, const std::string& b) {
  for (std::size_t i = 0; i + 1 < argv.size(); ++i) {
    if (argv[i] == a && argv[i + 1] == b) return true;
  }
  return false;
}

TEST(KenBurns, TheCommandMakesTheProjectsFrameForTheDuration) {
  ClipRequest request;
  request.photo_path = "/tmp/p.jpg";
  request.output_path = "/tmp/c.mp4";
  request.width = 1080;
  request.height = 1920;
  request.frame_rate = 25;
  request.duration_ms = 3'000;
  const auto argv = ken_burns_command(request, {});
  EXPECT_TRUE(has(argv, "-frames:v", "75"));
  EXPECT_TRUE(has(argv, "-r", "25"));
  EXPECT_TRUE(has(argv, "-c:v", "libx264"));
  EXPECT_TRUE(has(argv, "-movflags", "+faststart"));
  EXPECT_TRUE(has(argv, "-protocol_whitelist", "file"));
  EXPECT_EQ(argv.back(), "file:/tmp/c.mp4");
  const std::string filter = ken_burns_filter(request, {});
  // Scaled to cover 4× the frame, then cropped to its shape: the window never leaves the photo.
  EXPECT_NE(filter.find("scale=4320:7680:force_original_aspect_ratio=increase"), std::string::npos);
  EXPECT_NE(filter.find("crop=4320:7680"), std::string::npos);
  EXPECT_NE(filter.find("d=75:s=1080x1920:fps=25"), std::string::npos);
}

TEST(KenBurns, EachMotionMovesItsWayAndEasingIsOptional) {
  ClipRequest request;
  request.duration_ms = 1'000;
  request.frame_rate = 30;
  request.motion = Motion::zoom_in;
  request.easing = Easing::linear;
  EXPECT_NE(ken_burns_filter(request, {}).find("z='1+(1.25-1)*min(on/29,1)'"), std::string::npos);
  request.easing = Easing::ease_in_out;
  EXPECT_NE(ken_burns_filter(request, {}).find("*(3-2*("), std::string::npos) << "smoothstep";
  request.motion = Motion::pan_left;
  request.easing = Easing::linear;
  const std::string left = ken_burns_filter(request, {});
  EXPECT_NE(left.find("z='1.15'"), std::string::npos);
  EXPECT_NE(left.find("x='(iw-iw/zoom)*(1-min(on/29,1))'"), std::string::npos);
  request.motion = Motion::pan_down;
  EXPECT_NE(ken_burns_filter(request, {}).find("y='(ih-ih/zoom)*min(on/29,1)'"), std::string::npos);
  for (auto name : {"zoom_in", "zoom_out", "pan_left", "pan_right", "pan_up", "pan_down"}) {
    ASSERT_TRUE(parse_motion(name)) << name;
    EXPECT_EQ(motion_name(*parse_motion(name)), name);
  }
  EXPECT_FALSE(parse_motion("spin"));
  EXPECT_FALSE(parse_easing("bounce"));
}

}  // namespace
}  // namespace marquee::studio
