// Probe: what ffprobe says about real generated sources, and every kind of upload Marquee
// refuses, each with a reason a creator can act on.
#include "MediaFixtures.h"

#include "core/Error.h"
#include "media/Probe.h"

#include <gtest/gtest.h>

#include <fstream>

namespace marquee::media {
namespace {

namespace fs = std::filesystem;

std::string rejection_reason(const std::string& path, const ProbeOptions& options = {}) {
  try {
    probe_media(path, options);
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::unprocessable) << error.what();
    EXPECT_FALSE(std::string(error.what()).empty());
    auto reason = error.details().find("reason");
    return reason == error.details().end() ? "(no reason)" : reason->second;
  }
  return "(accepted)";
}

fs::path rotated_clip() {
  fs::path plain = testing::video_without_audio(320, 180, 2);
  return testing::fixture("rotated-90.mp4", {"-i", plain.string(), "-c", "copy", "-metadata:s:v:0", "rotate=90"});
}

TEST(Probe, landscape_with_audio) {
  MediaInfo info = probe_media(testing::video_with_audio(1280, 720, 8).string());
  EXPECT_EQ(info.duration_ms, 8000);
  EXPECT_NE(info.container.find("mp4"), std::string::npos);
  EXPECT_EQ(info.video.codec, "h264");
  EXPECT_EQ(info.video.width, 1280);
  EXPECT_EQ(info.video.height, 720);
  EXPECT_EQ(info.video.display_width, 1280);
  EXPECT_EQ(info.video.display_height, 720);
  EXPECT_EQ(info.video.rotation, 0);
  EXPECT_EQ(info.video.frame_rate, (Rational{30, 1}));
  EXPECT_FALSE(info.video.variable_frame_rate);
  EXPECT_EQ(info.video.pix_fmt, "yuv420p");
  EXPECT_EQ(info.video.bit_depth, 8);
  ASSERT_TRUE(info.has_audio());
  EXPECT_EQ(info.audio->codec, "aac");
  EXPECT_EQ(info.audio->channels, 2);
  EXPECT_EQ(info.audio->sample_rate, 48000);
}

TEST(Probe, portrait_and_square_sources_keep_their_shape) {
  MediaInfo portrait = probe_media(testing::video_with_audio(180, 320, 2).string());
  EXPECT_EQ(portrait.video.display_width, 180);
  EXPECT_EQ(portrait.video.display_height, 320);
  MediaInfo square = probe_media(testing::video_without_audio(240, 240, 2).string());
  EXPECT_EQ(square.video.display_width, 240);
  EXPECT_EQ(square.video.display_height, 240);
  EXPECT_FALSE(square.has_audio());
}

TEST(Probe, odd_dimensions_are_reported_as_stored) {
  fs::path odd = testing::fixture("odd-853x479.mp4", {"-f", "lavfi", "-i", "testsrc=size=853x479:rate=25", "-t", "1",
                                                       "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv444p"});
  MediaInfo info = probe_media(odd.string());
  EXPECT_EQ(info.video.width, 853);
  EXPECT_EQ(info.video.height, 479);
  EXPECT_EQ(info.video.display_width, 853);
  EXPECT_EQ(info.video.display_height, 479);
}

TEST(Probe, rotation_metadata_swaps_the_display_size) {
  MediaInfo info = probe_media(rotated_clip().string());
  EXPECT_EQ(info.video.width, 320);
  EXPECT_EQ(info.video.height, 180);
  EXPECT_TRUE(info.video.rotation == 90 || info.video.rotation == 270) << info.video.rotation;
  EXPECT_EQ(info.video.display_width, 180);
  EXPECT_EQ(info.video.display_height, 320);
}

TEST(Probe, ten_bit_sources_report_their_depth) {
  fs::path ten_bit = testing::fixture("10bit.mp4", {"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-t", "1",
                                                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le"});
  MediaInfo info = probe_media(ten_bit.string());
  EXPECT_EQ(info.video.bit_depth, 10);
  EXPECT_EQ(info.video.pix_fmt, "yuv420p10le");
}

TEST(Probe, variable_frame_rate_is_noticed) {
  // 30 fps for a second, then 10 fps.
  fs::path vfr = testing::fixture("vfr.mp4", {"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-vf",
                                              "setpts='if(lt(N,30),N/30,1+(N-30)/10)/TB'", "-t", "3", "-c:v",
                                              "libx264", "-preset", "ultrafast", "-fps_mode", "passthrough"});
  MediaInfo info = probe_media(vfr.string());
  EXPECT_TRUE(info.video.variable_frame_rate);
  EXPECT_EQ(info.video.nominal_frame_rate, (Rational{30, 1}));
  EXPECT_LT(info.video.frame_rate.value(), 25.0);
}

TEST(Probe, rejects_a_text_file_named_mp4) {
  fs::path text = testing::scratch_dir() / "notes.mp4";
  std::ofstream(text) << "this is not a video, just some words in a file\n";
  EXPECT_EQ(rejection_reason(text.string()), "not_media");
}

TEST(Probe, rejects_an_empty_file) {
  fs::path empty = testing::scratch_dir() / "empty.mp4";
  std::ofstream{empty};
  EXPECT_EQ(rejection_reason(empty.string()), "empty_file");
}

TEST(Probe, rejects_an_mp4_cut_in_half) {
  fs::path whole = testing::video_with_audio(1280, 720, 8);
  std::string bytes = testing::read_text(whole);
  fs::path half = testing::scratch_dir() / "half.mp4";
  std::ofstream(half, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  EXPECT_EQ(rejection_reason(half.string()), "not_media");
}

TEST(Probe, rejects_audio_only_files) {
  fs::path audio = testing::fixture("tone.m4a", {"-f", "lavfi", "-i", "sine=duration=2", "-c:a", "aac"});
  EXPECT_EQ(rejection_reason(audio.string()), "no_video");
}

TEST(Probe, rejects_music_with_cover_art_as_audio_only) {
  fs::path cover = testing::fixture("cover.png", {"-f", "lavfi", "-i", "testsrc2=size=64x64", "-frames:v", "1"});
  fs::path song = testing::fixture("song.mp3", {"-f", "lavfi", "-i", "sine=duration=2", "-i", cover.string(), "-map",
                                                "0", "-map", "1", "-c:a", "libmp3lame", "-c:v", "png",
                                                "-disposition:v", "attached_pic"});
  EXPECT_EQ(rejection_reason(song.string()), "no_video");
}

TEST(Probe, rejects_videos_longer_than_the_limit) {
  ProbeOptions options;
  options.max_duration_ms = 1500;
  EXPECT_EQ(rejection_reason(testing::video_without_audio(240, 240, 2).string(), options), "too_long");
  options.max_duration_ms = 2000;
  EXPECT_EQ(rejection_reason(testing::video_without_audio(240, 240, 2).string(), options), "(accepted)");
}

TEST(Probe, rejects_absurd_dimensions) {
  fs::path wide = testing::fixture("wide.mkv", {"-f", "lavfi", "-i", "color=size=8200x16:rate=5", "-t", "1", "-c:v", "ffv1"});
  EXPECT_EQ(rejection_reason(wide.string()), "dimensions_too_large");
}

TEST(Probe, rejects_a_playlist_disguised_as_a_video) {
  fs::path playlist = testing::scratch_dir() / "sneaky.mp4";
  std::ofstream(playlist) << "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n";
  std::string reason = rejection_reason(playlist.string());
  EXPECT_TRUE(reason == "playlist_not_allowed" || reason == "not_media") << reason;
}

TEST(Probe, parse_reads_rotation_from_the_display_matrix_and_the_rotate_tag) {
  const char* with_matrix = R"({"streams":[{"index":0,"codec_type":"video","codec_name":"h264","width":1920,
    "height":1080,"avg_frame_rate":"30000/1001","r_frame_rate":"30000/1001","pix_fmt":"yuv420p",
    "side_data_list":[{"side_data_type":"Display Matrix","rotation":-90}]}],
    "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"12.345"}})";
  MediaInfo info = parse_probe_output(with_matrix);
  EXPECT_EQ(info.video.rotation, 90);
  EXPECT_EQ(info.video.display_width, 1080);
  EXPECT_EQ(info.video.display_height, 1920);
  EXPECT_EQ(info.video.frame_rate, (Rational{30000, 1001}));
  EXPECT_EQ(info.duration_ms, 12345);

  const char* with_tag = R"({"streams":[{"index":1,"codec_type":"video","codec_name":"h264","width":640,
    "height":480,"avg_frame_rate":"25/1","tags":{"rotate":"270"}}],"format":{"duration":"1.0"}})";
  MediaInfo tagged = parse_probe_output(with_tag);
  EXPECT_EQ(tagged.video.rotation, 270);
  EXPECT_EQ(tagged.video.stream_index, 1);
  EXPECT_EQ(tagged.video.display_width, 480);
  EXPECT_EQ(tagged.video.display_height, 640);
}

TEST(Probe, parse_applies_the_pixel_aspect_ratio) {
  const char* anamorphic = R"({"streams":[{"index":0,"codec_type":"video","codec_name":"mpeg2video","width":720,
    "height":480,"sample_aspect_ratio":"32:27","avg_frame_rate":"30000/1001"}],"format":{"duration":"5"}})";
  MediaInfo info = parse_probe_output(anamorphic);
  EXPECT_EQ(info.video.display_width, 853);
  EXPECT_EQ(info.video.display_height, 480);
}

TEST(Probe, parse_rejects_unknown_duration_and_garbage) {
  const char* no_duration = R"({"streams":[{"index":0,"codec_type":"video","codec_name":"h264","width":64,
    "height":64}],"format":{"format_name":"h264"}})";
  try {
    parse_probe_output(no_duration);
    FAIL() << "accepted a video of unknown length";
  } catch (const Error& error) {
    EXPECT_EQ(error.details().at("reason"), "unknown_duration");
  }
  EXPECT_THROW(parse_probe_output("{not json"), Error);
  EXPECT_THROW(parse_probe_output("[]"), Error);
}

TEST(Probe, parse_rational_accepts_only_positive_fractions) {
  EXPECT_EQ(parse_rational("30000/1001"), (Rational{30000, 1001}));
  EXPECT_EQ(parse_rational("25"), (Rational{25, 1}));
  EXPECT_FALSE(parse_rational("0/0").valid());
  EXPECT_FALSE(parse_rational("N/A").valid());
  EXPECT_FALSE(parse_rational("30/").valid());
  EXPECT_FALSE(parse_rational("-30/1").valid());
}

}  // namespace
}  // namespace marquee::media

namespace marquee::media {
namespace {

// Found by scripts/fuzz (tests/fuzz/regressions/ffprobe/format-size-beyond-int64): a container
// claiming a size beyond any integer was cast to one.
TEST(ProbeHostile, AbsurdSizesAndRotationsReadAsUnknown) {
  const std::string json =
      R"({"streams":[{"codec_type":"video","codec_name":"h264","width":640,"height":360,"r_frame_rate":"25/1",)"
      R"("avg_frame_rate":"25/1","duration":"4.0","pix_fmt":"yuv420p","side_data_list":[{"rotation":1e300}]}],)"
      R"("format":{"duration":"4.0","format_name":"mov,mp4","size":")" +
      std::string(120, '9') + R"(","bit_rate":1e200}})";
  const MediaInfo info = parse_probe_output(json);
  EXPECT_EQ(info.size_bytes, 0);
  EXPECT_EQ(info.bit_rate, 0);
  EXPECT_EQ(info.video.rotation, 0);
}

}  // namespace
}  // namespace marquee::media
