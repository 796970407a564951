// LadderPlan: exact renditions for the shapes creators upload, never upscaled, portrait
// kept portrait, and H.264 levels and CODECS strings that match what x264 produces.
#include "media/LadderPlan.h"

#include <gtest/gtest.h>

#include <tuple>

namespace marquee::media {
namespace {

MediaInfo source(int width, int height, Rational fps = {30, 1}, bool audio = true, int rotation = 0) {
  MediaInfo info;
  info.duration_ms = 60'000;
  info.container = "mov,mp4,m4a,3gp,3g2,mj2";
  info.video.codec = "h264";
  info.video.width = width;
  info.video.height = height;
  info.video.rotation = rotation;
  bool swapped = rotation == 90 || rotation == 270;
  info.video.display_width = swapped ? height : width;
  info.video.display_height = swapped ? width : height;
  info.video.frame_rate = fps;
  info.video.nominal_frame_rate = fps;
  if (audio) info.audio = AudioStreamInfo{1, "aac", 2, 48000};
  return info;
}

using Shape = std::tuple<std::string, int, int>;

std::vector<Shape> shapes(const LadderPlan& plan) {
  std::vector<Shape> result;
  for (const Rung& rung : plan.rungs) result.emplace_back(rung.name, rung.width, rung.height);
  return result;
}

TEST(LadderPlan, full_hd_gets_five_rungs) {
  LadderPlan plan = plan_ladder(source(1920, 1080));
  EXPECT_EQ(shapes(plan), (std::vector<Shape>{{"1080p", 1920, 1080}, {"720p", 1280, 720}, {"480p", 854, 480},
                                              {"360p", 640, 360}, {"240p", 426, 240}}));
  EXPECT_EQ(plan.rungs[0].video_bitrate_kbps, 5000);
  EXPECT_EQ(plan.rungs[0].maxrate_kbps, 6250);
  EXPECT_EQ(plan.rungs[0].bufsize_kbps, 12500);
  EXPECT_EQ(plan.rungs[1].video_bitrate_kbps, 2800);
  EXPECT_EQ(plan.rungs[3].video_bitrate_kbps, 800);
  EXPECT_EQ(plan.rungs[0].h264_level, 40);
  EXPECT_EQ(plan.rungs[0].codecs, "avc1.640028,mp4a.40.2");
  EXPECT_EQ(plan.rungs[1].codecs, "avc1.64001f,mp4a.40.2");
  EXPECT_EQ(plan.rungs[4].codecs, "avc1.640015,mp4a.40.2");
  for (const Rung& rung : plan.rungs) {
    EXPECT_EQ(rung.fps, (Rational{30, 1}));
    EXPECT_EQ(rung.audio_bitrate_kbps, 128);
    EXPECT_EQ(rung.h264_profile, "high");
  }
  ASSERT_TRUE(plan.audio);
  EXPECT_EQ(plan.audio->channels, 2);
  EXPECT_EQ(plan.audio->bitrate_kbps, 128);
  EXPECT_EQ(plan.fps, (Rational{30, 1}));
  EXPECT_EQ(plan.preset, "veryfast");
}

TEST(LadderPlan, uhd_gets_every_rung) {
  LadderPlan plan = plan_ladder(source(3840, 2160));
  EXPECT_EQ(shapes(plan), (std::vector<Shape>{{"2160p", 3840, 2160}, {"1440p", 2560, 1440}, {"1080p", 1920, 1080},
                                              {"720p", 1280, 720}, {"480p", 854, 480}, {"360p", 640, 360},
                                              {"240p", 426, 240}}));
  EXPECT_EQ(plan.rungs[0].video_bitrate_kbps, 12000);
  EXPECT_EQ(plan.rungs[0].h264_level, 51);
}

TEST(LadderPlan, portrait_stays_portrait_with_the_short_side_as_rung) {
  LadderPlan plan = plan_ladder(source(1080, 1920));
  EXPECT_EQ(shapes(plan), (std::vector<Shape>{{"1080p", 1080, 1920}, {"720p", 720, 1280}, {"480p", 480, 854},
                                              {"360p", 360, 640}, {"240p", 240, 426}}));
  EXPECT_EQ(plan.rungs[0].video_bitrate_kbps, 5000);
}

TEST(LadderPlan, a_rotated_phone_clip_is_planned_from_its_display_size) {
  LadderPlan plan = plan_ladder(source(1920, 1080, {30, 1}, true, 90));
  EXPECT_EQ(shapes(plan).front(), (Shape{"1080p", 1080, 1920}));
}

TEST(LadderPlan, a_tiny_source_gets_one_rung_at_its_own_even_size) {
  EXPECT_EQ(shapes(plan_ladder(source(200, 200))), (std::vector<Shape>{{"200p", 200, 200}}));
  EXPECT_EQ(shapes(plan_ladder(source(201, 113))), (std::vector<Shape>{{"112p", 200, 112}}));
  LadderPlan tiny = plan_ladder(source(200, 200));
  EXPECT_GT(tiny.rungs[0].video_bitrate_kbps, 0);
  EXPECT_LT(tiny.rungs[0].video_bitrate_kbps, 400);
}

TEST(LadderPlan, odd_sizes_round_to_even_without_upscaling) {
  EXPECT_EQ(shapes(plan_ladder(source(853, 479))),
            (std::vector<Shape>{{"480p", 850, 478}, {"360p", 640, 360}, {"240p", 426, 240}}));
  EXPECT_EQ(shapes(plan_ladder(source(853, 480))),
            (std::vector<Shape>{{"480p", 852, 480}, {"360p", 640, 360}, {"240p", 426, 240}}));
  EXPECT_EQ(shapes(plan_ladder(source(1279, 719))),
            (std::vector<Shape>{{"720p", 1276, 718}, {"480p", 854, 480}, {"360p", 640, 360}, {"240p", 426, 240}}));
  // A 2.39:1 scope source keeps its own shape.
  EXPECT_EQ(shapes(plan_ladder(source(1920, 804))),
            (std::vector<Shape>{{"720p", 1720, 720}, {"480p", 1146, 480}, {"360p", 860, 360}, {"240p", 574, 240}}));
}

TEST(LadderPlan, never_upscales_between_rungs) {
  // 1000×562: the top rung is 480p, not a stretched 720p.
  LadderPlan plan = plan_ladder(source(1000, 562));
  EXPECT_EQ(shapes(plan).front(), (Shape{"480p", 854, 480}));
  for (const Rung& rung : plan.rungs) {
    EXPECT_LE(rung.width, 1000);
    EXPECT_LE(rung.height, 562);
    EXPECT_EQ(rung.width % 2, 0);
    EXPECT_EQ(rung.height % 2, 0);
  }
}

TEST(LadderPlan, high_frame_rates_are_capped_and_get_more_bits) {
  LadderPlan sixty = plan_ladder(source(1920, 1080, {60, 1}));
  EXPECT_EQ(sixty.fps, (Rational{60, 1}));
  EXPECT_EQ(sixty.rungs[0].video_bitrate_kbps, 7500);
  EXPECT_EQ(sixty.rungs[0].h264_level, 42);
  EXPECT_EQ(plan_ladder(source(1280, 720, {120, 1})).fps, (Rational{60, 1}));
  EXPECT_EQ(plan_ladder(source(1280, 720, {120000, 1001})).fps, (Rational{60000, 1001}));
  EXPECT_EQ(plan_ladder(source(1280, 720, {0, 1})).fps, (Rational{30, 1}));
  EXPECT_EQ(capped_frame_rate({240, 1}, 60), (Rational{60, 1}));
  EXPECT_EQ(capped_frame_rate({25, 1}, 60), (Rational{25, 1}));
}

TEST(LadderPlan, variable_rate_clips_use_the_nominal_rate) {
  MediaInfo info = source(1280, 720, {375, 22});
  info.video.variable_frame_rate = true;
  info.video.nominal_frame_rate = {30, 1};
  EXPECT_EQ(plan_ladder(info).fps, (Rational{30, 1}));
}

TEST(LadderPlan, video_without_audio_has_no_audio_rendition) {
  LadderPlan plan = plan_ladder(source(1280, 720, {30, 1}, false));
  EXPECT_FALSE(plan.audio);
  for (const Rung& rung : plan.rungs) {
    EXPECT_EQ(rung.audio_bitrate_kbps, 0);
    EXPECT_EQ(rung.codecs.find("mp4a"), std::string::npos);
  }
}

TEST(LadderPlan, options_override_bitrates_rungs_and_preset) {
  LadderOptions options;
  options.video_kbps_by_rung = {{720, 2000}};
  options.rung_short_sides = {720, 360};
  options.preset = "ultrafast";
  LadderPlan plan = plan_ladder(source(1920, 1080), options);
  EXPECT_EQ(shapes(plan), (std::vector<Shape>{{"720p", 1280, 720}, {"360p", 640, 360}}));
  EXPECT_EQ(plan.rungs[0].video_bitrate_kbps, 2000);
  EXPECT_EQ(plan.rungs[0].h264_profile, "baseline");
  EXPECT_EQ(plan.rungs[0].codecs, "avc1.42c01f,mp4a.40.2");
}

TEST(LadderPlan, mono_audio_stays_mono_at_a_lower_rate) {
  MediaInfo info = source(1280, 720);
  info.audio->channels = 1;
  info.audio->sample_rate = 44100;
  LadderPlan plan = plan_ladder(info);
  ASSERT_TRUE(plan.audio);
  EXPECT_EQ(plan.audio->channels, 1);
  EXPECT_EQ(plan.audio->bitrate_kbps, 96);
  EXPECT_EQ(plan.audio->sample_rate, 44100);
}

TEST(LadderPlan, h264_levels_follow_the_spec_limits) {
  EXPECT_EQ(h264_level_for(426, 240, 30, 500, 1000), 21);
  EXPECT_EQ(h264_level_for(640, 360, 30, 1000, 2000), 30);
  EXPECT_EQ(h264_level_for(1280, 720, 30, 3500, 7000), 31);
  EXPECT_EQ(h264_level_for(1280, 720, 60, 5250, 10500), 32);
  EXPECT_EQ(h264_level_for(1920, 1080, 30, 6250, 12500), 40);
  EXPECT_EQ(h264_level_for(1920, 1080, 30, 30000, 60000), 41);
  EXPECT_EQ(h264_level_for(3840, 2160, 60, 28000, 56000), 52);
}

}  // namespace
}  // namespace marquee::media
