// Still frames for the classifier: spread over the video, small, upright, and never enlarged.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>

#include "core/Error.h"
#include "media/FrameSampler.h"
#include "MediaFixtures.h"

namespace marquee::media {
namespace {

namespace fs = std::filesystem;

// The width and height of a JPEG, as ffprobe reads it.
std::pair<int, int> size_of(const std::string& jpeg) {
  const fs::path path = testing::unique_path("frame") += ".jpg";
  std::ofstream(path, std::ios::binary) << jpeg;
  const auto stream = boost::json::parse(testing::ffprobe_json(path, {"-show_streams"})).at("streams").at(0);
  return {static_cast<int>(stream.at("width").as_int64()), static_cast<int>(stream.at("height").as_int64())};
}

std::vector<SampledFrame> sample(const fs::path& source, std::int64_t duration_ms, FrameSampleOptions options = {}) {
  const fs::path dir = testing::unique_path("samples");
  fs::create_directories(dir);
  auto frames = sample_frames(source.string(), duration_ms, dir.string(), options);
  EXPECT_TRUE(fs::is_empty(dir)) << "the JPEGs are read back and deleted";
  return frames;
}

TEST(FrameSampler, PointsAreTheMiddlesOfEqualParts) {
  EXPECT_EQ(sample_points(10'000, 5), (std::vector<std::int64_t>{1'000, 3'000, 5'000, 7'000, 9'000}));
  EXPECT_EQ(sample_points(10'000, 1), (std::vector<std::int64_t>{5'000}));
  EXPECT_EQ(sample_points(0, 2), (std::vector<std::int64_t>{0, 0}));
  EXPECT_TRUE(sample_points(10'000, 0).empty());
}

// A moving picture with a keyframe every half second, as phones and encoders make them.
fs::path short_gop_clip() {
  return testing::fixture("sampler-gop15.mp4", {"-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "3", "-c:v",
                                                "libx264", "-preset", "ultrafast", "-g", "15", "-pix_fmt", "yuv420p"});
}

TEST(FrameSampler, TakesSmallJpegsSpreadOverTheVideo) {
  const auto frames = sample(short_gop_clip(), 3'000);
  ASSERT_EQ(frames.size(), 5u);
  for (std::size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i].at_ms, sample_points(3'000, 5)[i]);
    EXPECT_EQ(frames[i].jpeg.substr(0, 2), "\xff\xd8");
    EXPECT_EQ(size_of(frames[i].jpeg), (std::pair{320, 180}));
  }
  EXPECT_NE(frames[0].jpeg, frames[4].jpeg) << "different moments of a moving picture";
}

TEST(FrameSampler, PointsOnOneKeyframeGiveOneFrame) {
  // Three seconds with one keyframe (x264's default interval is 250 frames): every point's
  // keyframe is the first frame.
  const auto frames = sample(testing::video_without_audio(320, 180, 3), 3'000);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].at_ms, sample_points(3'000, 5)[0]);
}

TEST(FrameSampler, SmallPicturesStayTheirSizeAndPortraitStaysPortrait) {
  FrameSampleOptions one;
  one.count = 1;
  EXPECT_EQ(size_of(sample(testing::video_without_audio(160, 120, 1), 1'000, one).at(0).jpeg), (std::pair{160, 120}));
  EXPECT_EQ(size_of(sample(testing::video_with_audio(180, 320, 1), 1'000, one).at(0).jpeg), (std::pair{180, 320}));
  // Stored landscape with a 90° turn, shown portrait: the classifier sees it as players show it.
  const fs::path turned = testing::fixture("sampler-rotated-90.mp4", {"-i", testing::video_without_audio(320, 180, 1).string(),
                                                                      "-c", "copy", "-metadata:s:v:0", "rotate=90"});
  EXPECT_EQ(size_of(sample(turned, 1'000, one).at(0).jpeg), (std::pair{180, 320}));
}

TEST(FrameSampler, PointsPastTheEndGiveFewerFramesAndNoVideoGivesAnError) {
  FrameSampleOptions two;
  two.count = 2;
  // The probe said 60 s but the file holds 1 s: the point at 15 s yields nothing.
  EXPECT_LE(sample(testing::video_without_audio(160, 120, 1), 60'000, two).size(), 1u);
  const fs::path text = testing::unique_path("not-video") += ".txt";
  std::ofstream(text) << "not a video at all";
  EXPECT_THROW(sample(text, 1'000), Error);
}

}  // namespace
}  // namespace marquee::media
