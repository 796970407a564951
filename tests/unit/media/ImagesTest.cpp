// Images: storyboard layout and WebVTT cues, and poster-frame choice. (The images the
// ladder's own ffmpeg makes are checked in TranscoderTest, after a real transcode.)
#include "media/Images.h"

#include <gtest/gtest.h>

namespace marquee::media {
namespace {

TEST(Images, short_videos_get_a_tile_every_second_on_one_row) {
  StoryboardLayout layout = plan_storyboard(10.0, 426, 240);
  EXPECT_EQ(layout.interval_s, 1);
  EXPECT_EQ(layout.tiles, 10);
  EXPECT_EQ(layout.tile_width, 160);
  EXPECT_EQ(layout.tile_height, 90);
  EXPECT_EQ(layout.columns, 10);
  EXPECT_EQ(layout.rows, 1);
  EXPECT_EQ(layout.sheets, 1);
  EXPECT_EQ(storyboard_sheet_names(layout), std::vector<std::string>{"storyboard.jpg"});
}

TEST(Images, longer_videos_stay_within_a_hundred_tiles) {
  StoryboardLayout minutes = plan_storyboard(250.0, 426, 240);
  EXPECT_EQ(minutes.interval_s, 3);
  EXPECT_EQ(minutes.tiles, 84);
  EXPECT_EQ(minutes.rows, 9);

  StoryboardLayout longer = plan_storyboard(1000.0, 426, 240);
  EXPECT_EQ(longer.interval_s, 10);
  EXPECT_EQ(longer.tiles, 100);

  StoryboardLayout hours = plan_storyboard(3 * 3600.0, 426, 240);
  EXPECT_EQ(hours.interval_s, 108);
  EXPECT_EQ(hours.tiles, 100);
  EXPECT_EQ(hours.sheets, 1);
  EXPECT_EQ(hours.rows, 10);
}

TEST(Images, portrait_tiles_are_portrait) {
  StoryboardLayout layout = plan_storyboard(30.0, 240, 426);
  EXPECT_EQ(layout.tile_width, 160);
  EXPECT_EQ(layout.tile_height, 284);
}

TEST(Images, more_tiles_than_a_sheet_holds_make_several_sheets) {
  ImageOptions options;
  options.max_tiles = 250;
  StoryboardLayout layout = plan_storyboard(250.0, 426, 240, options);
  EXPECT_EQ(layout.tiles, 250);
  EXPECT_EQ(layout.sheets, 3);
  EXPECT_EQ(storyboard_sheet_names(layout),
            (std::vector<std::string>{"storyboard_1.jpg", "storyboard_2.jpg", "storyboard_3.jpg"}));
}

TEST(Images, vtt_maps_every_time_range_to_its_tile_and_runs_to_the_end) {
  ImageOptions options;
  options.sheet_columns = 2;
  options.sheet_rows = 2;
  StoryboardLayout layout = plan_storyboard(5.5, 320, 180, options);
  ASSERT_EQ(layout.tiles, 6);
  ASSERT_EQ(layout.sheets, 2);
  EXPECT_EQ(render_storyboard_vtt(layout, storyboard_sheet_names(layout), layout.tiles),
            "WEBVTT\n"
            "\n00:00:00.000 --> 00:00:01.000\nstoryboard_1.jpg#xywh=0,0,160,90\n"
            "\n00:00:01.000 --> 00:00:02.000\nstoryboard_1.jpg#xywh=160,0,160,90\n"
            "\n00:00:02.000 --> 00:00:03.000\nstoryboard_1.jpg#xywh=0,90,160,90\n"
            "\n00:00:03.000 --> 00:00:04.000\nstoryboard_1.jpg#xywh=160,90,160,90\n"
            "\n00:00:04.000 --> 00:00:05.000\nstoryboard_2.jpg#xywh=0,0,160,90\n"
            "\n00:00:05.000 --> 00:00:05.500\nstoryboard_2.jpg#xywh=160,0,160,90\n");
  // One tile fewer than planned: the last cue still reaches the end.
  std::string short_by_one = render_storyboard_vtt(layout, storyboard_sheet_names(layout), 5);
  EXPECT_NE(short_by_one.find("00:00:04.000 --> 00:00:05.500\nstoryboard_2.jpg#xywh=0,0,160,90\n"), std::string::npos);
  EXPECT_EQ(vtt_timestamp(3723.4567), "01:02:03.457");
}

TEST(Images, luma_stats_measure_brightness_and_spread) {
  LumaStats black = luma_stats(std::string(4096, '\0'));
  EXPECT_EQ(black.mean, 0);
  EXPECT_EQ(black.stddev, 0);
  std::string half(4096, '\0');
  std::fill(half.begin() + 2048, half.end(), '\xff');
  LumaStats split = luma_stats(half);
  EXPECT_DOUBLE_EQ(split.mean, 127.5);
  EXPECT_DOUBLE_EQ(split.stddev, 127.5);
}

TEST(Images, poster_choice_skips_black_and_flat_frames_and_prefers_the_window) {
  std::vector<LumaStats> frames{
      {2, 1},     // black opening
      {3, 2},     // still black
      {128, 1},   // flat grey card
      {90, 40},   // content, inside the window
      {110, 60},  // richer content, inside the window
      {120, 80},  // richest, but outside the window
  };
  EXPECT_EQ(pick_poster_frame(frames, 1, 5), 4u);
  EXPECT_EQ(pick_poster_frame(frames, 0, 3), 5u);
  EXPECT_EQ(pick_poster_frame({{1, 1}, {2, 3}}, 0, 2), 1u);
  EXPECT_FALSE(pick_poster_frame({}, 0, 0));
}

TEST(Images, long_videos_get_at_most_the_configured_number_of_poster_candidates) {
  LadderPlan plan;
  plan.rungs.push_back(Rung{.name = "1080p", .width = 1920, .height = 1080});
  plan.video_duration_ms = 250'000;
  ImagePlan images = plan_images(plan);
  EXPECT_EQ(images.storyboard.tiles, 84);
  EXPECT_EQ(images.candidate_every_tiles, 3);  // 28 candidates of at most 32
  EXPECT_EQ(images.poster_width, 1280);
  EXPECT_EQ(images.poster_height, 720);
  EXPECT_EQ(images.thumb_width, 320);
  EXPECT_EQ(images.thumb_height, 180);
  const std::string graph = image_filter_graph(images, "[s1]");
  EXPECT_TRUE(graph.starts_with("[s1]fps=1/3,scale=1280:720:")) << graph;
  EXPECT_NE(graph.find("[img_pick]select='not(mod(n,3))',split=4"), std::string::npos) << graph;
  EXPECT_NE(graph.find("tile=10x9[img_sheets]"), std::string::npos) << graph;

  plan.video_duration_ms = 20'000;  // every tile is a candidate: no select
  EXPECT_EQ(image_filter_graph(plan_images(plan), "[s1]").find("select"), std::string::npos);
}

}  // namespace
}  // namespace marquee::media
