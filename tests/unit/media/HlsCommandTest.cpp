// HlsCommand: the one-pass ladder command, checked argument by argument.
#include "media/HlsCommand.h"

#include "core/Error.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace marquee::media {
namespace {

LadderPlan three_rung_plan(bool audio) {
  MediaInfo info;
  info.duration_ms = 10'000;
  info.video.codec = "h264";
  info.video.stream_index = 0;
  info.video.width = info.video.display_width = 854;
  info.video.height = info.video.display_height = 480;
  info.video.frame_rate = {30000, 1001};
  if (audio) info.audio = AudioStreamInfo{1, "aac", 6, 48000};
  return plan_ladder(info);
}

std::string value_after(const std::vector<std::string>& argv, const std::string& flag) {
  auto it = std::find(argv.begin(), argv.end(), flag);
  return it == argv.end() || it + 1 == argv.end() ? std::string("(missing)") : *(it + 1);
}

TEST(HlsCommand, filter_graph_decodes_once_and_scales_each_rung) {
  EXPECT_EQ(build_ladder_filter_graph(three_rung_plan(true)),
            "[0:0]fps=30000/1001,split=3[s0][s1][s2];"
            "[s0]scale=854:480:flags=bicubic,setsar=1,format=yuv420p[v0];"
            "[s1]scale=640:360:flags=bicubic,setsar=1,format=yuv420p[v1];"
            "[s2]scale=426:240:flags=bicubic,setsar=1,format=yuv420p[v2]");
}

TEST(HlsCommand, one_process_makes_aligned_fmp4_event_renditions_with_shared_audio) {
  auto argv = build_hls_command("/uploads/in.mov", "/videos/abc", three_rung_plan(true));
  EXPECT_EQ(argv.front(), "ffmpeg");
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "-i"), 1);
  EXPECT_EQ(value_after(argv, "-i"), "file:/uploads/in.mov");
  EXPECT_EQ(value_after(argv, "-protocol_whitelist"), "file");
  // Keyframes at 0, 1, 2, then every 4 s: segments of 1, 1, 2, then 4 s.
  EXPECT_EQ(value_after(argv, "-force_key_frames"), "expr:gte(t,if(lt(n_forced,3),if(eq(n_forced,0),0,1*pow(2,n_forced-1)),4*(n_forced-2)))");
  EXPECT_EQ(value_after(argv, "-hls_init_time"), "1");
  EXPECT_EQ(value_after(argv, "-sc_threshold"), "0");
  EXPECT_EQ(value_after(argv, "-g"), "120");
  EXPECT_EQ(value_after(argv, "-keyint_min"), "120");
  EXPECT_EQ(value_after(argv, "-preset"), "veryfast");
  EXPECT_EQ(value_after(argv, "-c:v:0"), "libx264");
  EXPECT_EQ(value_after(argv, "-profile:v:0"), "high");
  EXPECT_EQ(value_after(argv, "-level:v:0"), "3.1");
  EXPECT_EQ(value_after(argv, "-level:v:2"), "2.1");
  EXPECT_EQ(value_after(argv, "-maxrate:v:1"), "1000k");
  EXPECT_EQ(value_after(argv, "-bufsize:v:1"), "2000k");
  EXPECT_EQ(value_after(argv, "-crf:v:2"), "23");
  EXPECT_EQ(value_after(argv, "-c:a"), "aac");
  EXPECT_EQ(value_after(argv, "-ac"), "2");
  EXPECT_EQ(value_after(argv, "-b:a"), "128k");
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "-c:a"), 1);
  EXPECT_EQ(value_after(argv, "-f"), "hls");
  EXPECT_EQ(value_after(argv, "-hls_time"), "4");
  EXPECT_EQ(value_after(argv, "-hls_segment_type"), "fmp4");
  EXPECT_EQ(value_after(argv, "-hls_playlist_type"), "event");
  EXPECT_EQ(value_after(argv, "-hls_flags"), "independent_segments+temp_file");
  EXPECT_EQ(value_after(argv, "-hls_segment_filename"), "/videos/abc/%v/seg_%05d.m4s");
  EXPECT_EQ(value_after(argv, "-var_stream_map"),
            "v:0,agroup:audio,name:480p v:1,agroup:audio,name:360p v:2,agroup:audio,name:240p a:0,agroup:audio,name:audio");
  EXPECT_EQ(value_after(argv, "-progress"), "pipe:1");
  EXPECT_EQ(value_after(argv, "-map_metadata"), "-1");
  EXPECT_EQ(argv.back(), "/videos/abc/%v/index.m3u8");
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "-master_pl_name"), 0);
}

TEST(HlsCommand, keyframes_double_from_the_first_segment_up_to_the_regular_cadence) {
  LadderPlan plan = three_rung_plan(true);
  plan.first_segment_seconds = 2;
  EXPECT_EQ(keyframe_expression(plan), "expr:gte(t,if(lt(n_forced,2),if(eq(n_forced,0),0,2*pow(2,n_forced-1)),4*(n_forced-1)))");
  auto argv = build_hls_command("in.mp4", "out", plan);
  EXPECT_EQ(value_after(argv, "-hls_init_time"), "2");

  plan.first_segment_seconds = 4;  // no short first segment: the plain cadence, no init time
  EXPECT_EQ(keyframe_expression(plan), "expr:gte(t,n_forced*4)");
  argv = build_hls_command("in.mp4", "out", plan);
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "-hls_init_time"), 0);
}

TEST(HlsCommand, images_are_one_more_branch_and_outputs_of_the_same_process) {
  const LadderPlan plan = three_rung_plan(true);
  const ImagePlan images = plan_images(plan);
  HlsCommandOptions options;
  options.images = &images;
  auto argv = build_hls_command("/uploads/in.mov", "/videos/abc", plan, options);
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "-i"), 1);
  const std::string graph = value_after(argv, "-filter_complex");
  EXPECT_TRUE(graph.starts_with("[0:0]fps=30000/1001,split=4[s0][s1][s2][s3];")) << graph;
  EXPECT_NE(graph.find(";[s3]fps=1/1,scale=854:480:flags=bicubic,setsar=1,split=2[img_tiles][img_pick];"), std::string::npos)
      << graph;
  EXPECT_NE(graph.find("tile=10x1[img_sheets]"), std::string::npos) << graph;
  // The image outputs come before every HLS option, and the playlist pattern stays last.
  auto first_hls_map = std::find(argv.begin(), argv.end(), "[v0]");
  for (const char* output : {"/videos/abc/storyboard.jpg", "/videos/abc/.poster_%03d.jpg", "/videos/abc/.poster_%03d.webp",
                             "/videos/abc/.thumb_%03d.jpg", "/videos/abc/.poster-luma.gray"}) {
    auto at = std::find(argv.begin(), argv.end(), output);
    ASSERT_NE(at, argv.end()) << output;
    EXPECT_LT(at, first_hls_map) << output;
  }
  EXPECT_EQ(argv.back(), "/videos/abc/%v/index.m3u8");
  EXPECT_EQ(value_after(argv, "-var_stream_map"),
            "v:0,agroup:audio,name:480p v:1,agroup:audio,name:360p v:2,agroup:audio,name:240p a:0,agroup:audio,name:audio");
}

TEST(HlsCommand, video_without_audio_maps_no_audio) {
  auto argv = build_hls_command("in.mp4", "out", three_rung_plan(false));
  EXPECT_EQ(value_after(argv, "-var_stream_map"), "v:0,name:480p v:1,name:360p v:2,name:240p");
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "-c:a"), 0);
}

TEST(HlsCommand, init_segments_are_named_per_rendition_even_for_a_single_stream) {
  EXPECT_EQ(value_after(build_hls_command("in.mp4", "out", three_rung_plan(true)), "-hls_fmp4_init_filename"),
            "init_%v.mp4");
  LadderPlan one = three_rung_plan(false);
  one.rungs.resize(1);
  // ffmpeg 5.1 leaves %v as it is when there is one variant stream.
  EXPECT_EQ(value_after(build_hls_command("in.mp4", "out", one), "-hls_fmp4_init_filename"), "init_480p.mp4");
  LadderPlan one_with_audio = three_rung_plan(true);
  one_with_audio.rungs.resize(1);
  EXPECT_EQ(value_after(build_hls_command("in.mp4", "out", one_with_audio), "-hls_fmp4_init_filename"), "init_%v.mp4");
}

TEST(HlsCommand, hostile_file_names_stay_single_arguments) {
  const std::string name = "/uploads/x; rm -rf ~ $(id) `id` -i http:evil";
  auto argv = build_hls_command(name, "/videos/abc", three_rung_plan(true));
  EXPECT_EQ(value_after(argv, "-i"), "file:" + name);
  EXPECT_THROW(build_hls_command("in.mp4", "/videos/100%v", three_rung_plan(true)), Error);
}

TEST(HlsCommand, abr_mode_sets_target_bitrates_instead_of_crf) {
  LadderPlan plan = three_rung_plan(true);
  plan.crf.reset();
  auto argv = build_hls_command("in.mp4", "out", plan);
  EXPECT_EQ(value_after(argv, "-b:v:0"), std::to_string(plan.rungs[0].video_bitrate_kbps) + "k");
  EXPECT_EQ(std::count(argv.begin(), argv.end(), "-crf:v:0"), 0);
}

}  // namespace
}  // namespace marquee::media
