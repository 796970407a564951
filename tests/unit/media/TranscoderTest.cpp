// End to end with real ffmpeg: probe → plan → one-pass transcode with images, checked the way
// a player sees the result (ffprobe/ffmpeg reading master.m3u8), plus every way a
// transcode can stop early: cancel, timeout, ffmpeg failure, a truncated upload.
#include "MediaFixtures.h"

#include "core/Error.h"
#include "media/ChildProcess.h"
#include "media/HlsCommand.h"
#include "media/Images.h"
#include "media/MediaPlaylist.h"
#include "media/Probe.h"
#include "media/Transcoder.h"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <tuple>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <sstream>
#include <fstream>
#include <set>
#include <sys/stat.h>

namespace marquee::media {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

LadderPlan plan_for(const fs::path& source, const std::string& preset = "ultrafast") {
  LadderOptions options;
  options.preset = preset;
  return plan_ladder(probe_media(source.string()), options);
}

TranscodeOptions quick_options() {
  TranscodeOptions options;
  options.poll_interval = 100ms;
  return options;
}

bool tree_has(const fs::path& dir, const std::function<bool(const fs::path&)>& predicate) {
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (predicate(entry.path())) return true;
  }
  return false;
}

struct VariantLine {
  std::map<std::string, std::string> attributes;
  std::string uri;
};

// Attribute lists are NAME=value pairs separated by commas; quoted values may hold commas.
std::map<std::string, std::string> attributes_of(std::string_view list) {
  std::map<std::string, std::string> attributes;
  while (!list.empty()) {
    auto equals = list.find('=');
    if (equals == std::string_view::npos) break;
    std::string name(list.substr(0, equals));
    list.remove_prefix(equals + 1);
    std::string value;
    if (!list.empty() && list.front() == '"') {
      auto closing = list.find('"', 1);
      value = std::string(list.substr(1, closing - 1));
      list.remove_prefix(std::min(list.size(), closing + 1));
    } else {
      value = std::string(list.substr(0, list.find(',')));
      list.remove_prefix(value.size());
    }
    attributes[name] = value;
    if (!list.empty() && list.front() == ',') list.remove_prefix(1);
  }
  return attributes;
}

std::vector<VariantLine> variants_of(const std::string& master) {
  std::vector<VariantLine> variants;
  std::istringstream lines(master);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.starts_with("#EXT-X-STREAM-INF:")) continue;
    VariantLine variant;
    variant.attributes = attributes_of(std::string_view(line).substr(18));
    std::getline(lines, variant.uri);
    variants.push_back(variant);
  }
  return variants;
}

// Keyframe times of a rendition, read from its init segment and all its media segments.
std::vector<double> keyframe_times(const fs::path& out_dir, const std::string& rendition) {
  auto playlist = read_media_playlist(out_dir / rendition_playlist_path(rendition));
  EXPECT_TRUE(playlist);
  if (!playlist) return {};
  fs::path joined = testing::unique_path("joined") += ".mp4";
  {
    std::ofstream file(joined, std::ios::binary);
    file << testing::read_text(out_dir / rendition / playlist->map_uri);
    for (const auto& segment : playlist->segments) file << testing::read_text(out_dir / rendition / segment.uri);
  }
  auto json = boost::json::parse(testing::ffprobe_json(
      joined, {"-select_streams", "v:0", "-skip_frame", "nokey", "-show_entries", "frame=pts_time"}));
  std::vector<double> times;
  for (const auto& frame : json.at("frames").as_array()) {
    times.push_back(std::stod(std::string(frame.at("pts_time").as_string())));
  }
  return times;
}

struct StreamShape {
  std::string type;
  int width = 0;
  int height = 0;
  auto operator<=>(const StreamShape&) const = default;
};

std::set<StreamShape> streams_behind(const fs::path& master) {
  auto json = boost::json::parse(testing::ffprobe_json(master, {"-show_entries", "stream=codec_type,width,height"}));
  std::set<StreamShape> shapes;
  for (const auto& stream : json.at("streams").as_array()) {
    const auto& object = stream.as_object();
    StreamShape shape{std::string(object.at("codec_type").as_string())};
    if (object.contains("width")) shape.width = static_cast<int>(object.at("width").to_number<int>());
    if (object.contains("height")) shape.height = static_cast<int>(object.at("height").to_number<int>());
    shapes.insert(shape);
  }
  return shapes;
}

void expect_decodes(const fs::path& input) {
  ChildResult result = run_child({"ffmpeg", "-nostdin", "-v", "error", "-i", input.string(), "-map", "0", "-f", "null", "-"},
                                 ChildOptions{.timeout = 120s});
  EXPECT_TRUE(result.succeeded()) << result.stderr_tail;
  EXPECT_TRUE(result.stderr_tail.empty()) << result.stderr_tail;
}

TEST(Transcoder, ladder_with_audio_plays_while_encoding_and_ends_complete_and_aligned) {
  const fs::path source = testing::video_with_audio(1280, 720, 10);
  const LadderPlan plan = plan_for(source);
  ASSERT_EQ(plan.rungs.size(), 4u);
  const fs::path out = testing::unique_path("ladder");

  std::vector<int> progress;
  int first_segments_calls = 0;
  const ImagePlan image_plan = plan_images(plan);
  TranscodeOptions options = quick_options();
  options.images = &image_plan;
  options.on_progress = [&](int percent) { progress.push_back(percent); };
  options.on_first_segments = [&] {
    ++first_segments_calls;
    EXPECT_TRUE(fs::exists(out / "master.m3u8"));
    for (std::string name : {"720p", "480p", "360p", "240p", "audio"}) {
      auto playlist = read_media_playlist(out / rendition_playlist_path(name));
      ASSERT_TRUE(playlist) << name;
      EXPECT_GE(playlist->segments.size(), 1u) << name;
      EXPECT_TRUE(fs::exists(out / name / playlist->segments.front().uri)) << name;
    }
    EXPECT_FALSE(progress.empty() || progress.back() == 100);
  };
  TranscodeResult result = transcode(source.string(), out.string(), plan, options);

  EXPECT_EQ(first_segments_calls, 1);
  EXPECT_TRUE(result.first_segments_while_encoding);
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back(), 100);
  EXPECT_TRUE(std::is_sorted(progress.begin(), progress.end()));
  EXPECT_TRUE(std::any_of(progress.begin(), progress.end(), [](int p) { return p > 0 && p < 100; }));
  EXPECT_NEAR(result.duration_s, 10.0, 0.1);

  ASSERT_EQ(result.renditions.size(), 4u);
  ASSERT_TRUE(result.audio);
  for (std::string name : {"720p", "480p", "360p", "240p", "audio"}) {
    auto playlist = read_media_playlist(out / rendition_playlist_path(name));
    ASSERT_TRUE(playlist) << name;
    EXPECT_TRUE(playlist->ended) << name;
    EXPECT_EQ(playlist->playlist_type, "EVENT") << name;
    EXPECT_TRUE(testing::read_text(out / rendition_playlist_path(name)).ends_with("#EXT-X-ENDLIST\n")) << name;
    EXPECT_NEAR(playlist->duration_s(), 10.0, 0.1) << name;
    EXPECT_LE(playlist->target_duration_s, 4) << name;
    if (name == "audio") {
      // ffmpeg 5.1 keeps -hls_init_time for every audio segment (see HlsCommand.h).
      for (const auto& segment : playlist->segments) EXPECT_LE(segment.duration_s, 1.1) << name;
      continue;
    }
    // A short first segment (1 s, 1 s, 2 s), then the regular 4 s.
    ASSERT_EQ(playlist->segments.size(), 5u) << name;
    const double expected[] = {1.0, 1.0, 2.0, 4.0, 2.0};
    for (std::size_t i = 0; i < 5; ++i) EXPECT_NEAR(playlist->segments[i].duration_s, expected[i], 0.05) << name << " #" << i;
  }
  std::vector<double> reference = keyframe_times(out, "720p");
  ASSERT_EQ(reference.size(), 5u);
  const double keyframes[] = {0.0, 1.0, 2.0, 4.0, 8.0};
  for (std::size_t i = 0; i < reference.size(); ++i) EXPECT_NEAR(reference[i], keyframes[i], 0.04);
  for (std::string name : {"480p", "360p", "240p"}) EXPECT_EQ(keyframe_times(out, name), reference) << name;

  const std::string master = testing::read_text(out / "master.m3u8");
  EXPECT_NE(master.find("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\""), std::string::npos) << master;
  auto variants = variants_of(master);
  ASSERT_EQ(variants.size(), 4u) << master;
  std::set<std::string> listed;
  for (const auto& variant : variants) {
    listed.insert(variant.uri);
    const auto& a = variant.attributes;
    for (const char* key : {"BANDWIDTH", "AVERAGE-BANDWIDTH", "RESOLUTION", "CODECS", "FRAME-RATE", "AUDIO"}) {
      EXPECT_TRUE(a.contains(key)) << key << " missing in " << master;
    }
    EXPECT_GE(std::stoll(a.at("BANDWIDTH")), std::stoll(a.at("AVERAGE-BANDWIDTH")));
    EXPECT_GT(std::stoll(a.at("AVERAGE-BANDWIDTH")), 128'000);
    EXPECT_EQ(a.at("FRAME-RATE"), "30.000");
    const Rung& rung = *std::find_if(plan.rungs.begin(), plan.rungs.end(),
                                     [&](const Rung& r) { return rendition_playlist_path(r.name) == variant.uri; });
    EXPECT_EQ(a.at("RESOLUTION"), std::to_string(rung.width) + "x" + std::to_string(rung.height));
    EXPECT_EQ(a.at("CODECS"), rung.codecs) << "CODECS must match what x264 produced";
  }
  EXPECT_EQ(listed, (std::set<std::string>{"720p/index.m3u8", "480p/index.m3u8", "360p/index.m3u8", "240p/index.m3u8"}));

  EXPECT_EQ(streams_behind(out / "master.m3u8"),
            (std::set<StreamShape>{{"audio"}, {"video", 1280, 720}, {"video", 854, 480}, {"video", 640, 360},
                                   {"video", 426, 240}}));
  expect_decodes(out / "master.m3u8");
  EXPECT_FALSE(tree_has(out, [](const fs::path& p) { return p.extension() == ".tmp"; }));

  // The images came out of the same ffmpeg process.
  const fs::path pictures = testing::unique_path("ladder-images");
  ImageSet images = finish_images(out.string(), pictures.string(), image_plan, result.duration_s);
  EXPECT_EQ(images.poster_width, 1280);
  EXPECT_EQ(images.poster_height, 720);
  EXPECT_EQ(streams_behind(pictures / images.poster_jpg), (std::set<StreamShape>{{"video", 1280, 720}}));
  EXPECT_EQ(streams_behind(pictures / images.poster_webp), (std::set<StreamShape>{{"video", 1280, 720}}));
  EXPECT_EQ(streams_behind(pictures / images.thumb_jpg), (std::set<StreamShape>{{"video", 320, 180}}));
  for (const std::string& picture : {images.poster_jpg, images.poster_webp, images.thumb_jpg}) {
    LumaStats stats = luma_stats(testing::gray_pixels(pictures / picture));
    EXPECT_GT(stats.mean, 24) << picture;
    EXPECT_GT(stats.stddev, 20) << picture;
  }
  ASSERT_EQ(images.storyboard_sheets, std::vector<std::string>{"storyboard.jpg"});
  EXPECT_EQ(streams_behind(pictures / "storyboard.jpg"), (std::set<StreamShape>{{"video", 1600, 90}}));
  const std::string vtt = testing::read_text(pictures / images.storyboard_vtt);
  EXPECT_TRUE(vtt.starts_with("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nstoryboard.jpg#xywh=0,0,160,90\n")) << vtt;
  EXPECT_TRUE(vtt.ends_with("00:00:09.000 --> 00:00:10.000\nstoryboard.jpg#xywh=1440,0,160,90\n")) << vtt;
  // One cue per tile the sheet holds (10 columns of one row).
  std::size_t cues = 0;
  for (auto at = vtt.find("#xywh="); at != std::string::npos; at = vtt.find("#xywh=", at + 1)) ++cues;
  EXPECT_EQ(cues, static_cast<std::size_t>(images.storyboard.columns * images.storyboard.rows));
  // The candidates that lost are gone; nothing but HLS files is left to publish.
  EXPECT_FALSE(tree_has(out, [](const fs::path& p) { return p.filename().string().starts_with("."); }));
  EXPECT_FALSE(tree_has(out, [](const fs::path& p) { return p.extension() == ".jpg" || p.extension() == ".webp"; }));
}

TEST(Transcoder, video_without_audio_plays_silently) {
  const fs::path source = testing::video_without_audio(854, 480, 6);
  const LadderPlan plan = plan_for(source);
  const fs::path out = testing::unique_path("silent");
  TranscodeResult result = transcode(source.string(), out.string(), plan, quick_options());

  EXPECT_FALSE(result.audio);
  EXPECT_FALSE(fs::exists(out / "audio"));
  const std::string master = testing::read_text(out / "master.m3u8");
  EXPECT_EQ(master.find("EXT-X-MEDIA"), std::string::npos);
  EXPECT_EQ(master.find("mp4a"), std::string::npos);
  auto variants = variants_of(master);
  ASSERT_EQ(variants.size(), 3u);
  for (const auto& variant : variants) EXPECT_FALSE(variant.attributes.contains("AUDIO"));
  for (const auto& rendition : result.renditions) {
    EXPECT_TRUE(read_media_playlist(out / rendition.playlist)->ended);
  }
  EXPECT_EQ(streams_behind(out / "master.m3u8"),
            (std::set<StreamShape>{{"video", 854, 480}, {"video", 640, 360}, {"video", 426, 240}}));
  expect_decodes(out / "master.m3u8");
}

// A one-rendition ladder without sound is a single output stream, for which ffmpeg 5.1 does
// not expand %v in the init segment's name: every file must still have a real name.
TEST(Transcoder, single_stream_ladders_name_every_file) {
  for (auto [width, height, audio] : {std::tuple{64, 64, false}, std::tuple{320, 240, false}, std::tuple{64, 64, true}}) {
    const fs::path source = audio ? testing::video_with_audio(width, height, 2) : testing::video_without_audio(width, height, 2);
    const LadderPlan plan = plan_for(source);
    ASSERT_EQ(plan.rungs.size(), 1u) << width << "x" << height;
    const fs::path out = testing::unique_path("single");
    TranscodeResult result = transcode(source.string(), out.string(), plan, quick_options());
    EXPECT_FALSE(tree_has(out, [](const fs::path& p) { return p.filename().string().find('%') != std::string::npos; }))
        << width << "x" << height << (audio ? " with audio" : " silent");
    const auto playlist = read_media_playlist(out / result.renditions.at(0).playlist);
    ASSERT_TRUE(playlist);
    EXPECT_EQ(playlist->map_uri, "init_" + plan.rungs[0].name + ".mp4");
    EXPECT_TRUE(fs::exists(out / plan.rungs[0].name / playlist->map_uri));
    expect_decodes(out / "master.m3u8");
  }
}

TEST(Transcoder, rotated_and_ten_bit_sources_come_out_upright_and_8_bit) {
  const fs::path plain = testing::video_without_audio(320, 180, 2);
  const fs::path rotated = testing::fixture("rotated-90.mp4", {"-i", plain.string(), "-c", "copy", "-metadata:s:v:0", "rotate=90"});
  const LadderPlan portrait_plan = plan_for(rotated);
  ASSERT_EQ(portrait_plan.rungs.size(), 1u);
  const fs::path portrait_out = testing::unique_path("rotated");
  transcode(rotated.string(), portrait_out.string(), portrait_plan, quick_options());
  EXPECT_EQ(streams_behind(portrait_out / "master.m3u8"), (std::set<StreamShape>{{"video", 180, 320}}));

  const fs::path ten_bit = testing::fixture("10bit-2s.mp4", {"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-t", "2",
                                                             "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le"});
  const LadderPlan ten_bit_plan = plan_for(ten_bit, "veryfast");
  const fs::path ten_bit_out = testing::unique_path("tenbit");
  TranscodeResult result = transcode(ten_bit.string(), ten_bit_out.string(), ten_bit_plan, quick_options());
  auto json = boost::json::parse(testing::ffprobe_json(ten_bit_out / "master.m3u8", {"-show_entries", "stream=pix_fmt,profile"}));
  const auto& stream = json.at("streams").as_array().at(0).as_object();
  EXPECT_EQ(stream.at("pix_fmt").as_string(), "yuv420p");
  EXPECT_EQ(stream.at("profile").as_string(), "High");
  EXPECT_EQ(result.renditions.at(0).codecs + "", ten_bit_plan.rungs.at(0).codecs);
}

TEST(Transcoder, poster_skips_a_black_opening) {
  const fs::path source = testing::fixture(
      "black-then-pattern.mp4",
      {"-f", "lavfi", "-i", "color=black:size=320x180:rate=30:duration=3", "-f", "lavfi", "-i",
       "testsrc2=size=320x180:rate=30:duration=5", "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0", "-c:v", "libx264",
       "-preset", "ultrafast", "-pix_fmt", "yuv420p"});
  const LadderPlan plan = plan_for(source);
  const fs::path out = testing::unique_path("poster");
  const fs::path pictures = testing::unique_path("poster-images");
  const ImagePlan image_plan = plan_images(plan);
  TranscodeOptions options = quick_options();
  options.images = &image_plan;
  TranscodeResult result = transcode(source.string(), out.string(), plan, options);
  ImageSet images = finish_images(out.string(), pictures.string(), image_plan, result.duration_s);

  EXPECT_GE(images.poster_time_s, 3.0);
  for (const std::string& picture : {images.poster_jpg, images.poster_webp, images.thumb_jpg}) {
    LumaStats stats = luma_stats(testing::gray_pixels(pictures / picture));
    EXPECT_GT(stats.mean, 24) << picture;
    EXPECT_GT(stats.stddev, 20) << picture;
  }
  EXPECT_EQ(images.storyboard.tiles, 8);
  const std::string vtt = testing::read_text(pictures / images.storyboard_vtt);
  EXPECT_TRUE(vtt.ends_with("00:00:07.000 --> 00:00:08.000\nstoryboard.jpg#xywh=1120,0,160,90\n")) << vtt;
}

TEST(Transcoder, cancel_kills_ffmpeg_and_removes_the_output) {
  const fs::path source = testing::video_with_audio(640, 360, 30);
  const LadderPlan plan = plan_for(source, "veryfast");
  const fs::path out = testing::unique_path("cancelled");
  const auto before = testing::child_processes();
  std::atomic<bool> cancel{false};
  int last_progress = -1;
  TranscodeOptions options = quick_options();
  options.on_progress = [&](int percent) {
    last_progress = percent;
    if (percent > 0) cancel = true;
  };
  options.should_cancel = [&] { return cancel.load(); };
  EXPECT_THROW(transcode(source.string(), out.string(), plan, options), TranscodeCancelled);
  EXPECT_TRUE(cancel.load());
  EXPECT_LT(last_progress, 100);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(testing::new_children(before).empty());
}

TEST(Transcoder, timeout_stops_ffmpeg_and_reports_it) {
  const fs::path source = testing::video_with_audio(640, 360, 30);
  const LadderPlan plan = plan_for(source, "veryfast");
  const fs::path out = testing::unique_path("timeout");
  TranscodeOptions options = quick_options();
  options.min_timeout = 300ms;
  options.timeout_factor = 0;
  try {
    transcode(source.string(), out.string(), plan, options);
    FAIL() << "a transcode past its deadline succeeded";
  } catch (const TranscodeCancelled&) {
    FAIL() << "a timeout is not a cancel";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::unprocessable);
    EXPECT_EQ(error.details().at("reason"), "timeout");
  }
  EXPECT_FALSE(fs::exists(out));
}

TEST(Transcoder, a_stalled_ffmpeg_is_stopped_long_before_the_deadline) {
  const LadderPlan plan = plan_for(testing::video_without_audio(240, 240, 2));
  // ffmpeg blocks opening a FIFO nobody writes to: alive, but making no progress.
  const fs::path fifo = testing::unique_path("fifo");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const fs::path out = testing::unique_path("stalled");
  TranscodeOptions options = quick_options();
  options.stall_timeout = 500ms;
  options.kill_grace = 300ms;
  const auto before = testing::child_processes();
  try {
    transcode(fifo.string(), out.string(), plan, options);
    FAIL() << "a stalled transcode succeeded";
  } catch (const Error& error) {
    EXPECT_EQ(error.details().at("reason"), "stalled") << error.what();
  }
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(testing::new_children(before).empty());
}

TEST(Transcoder, the_deadline_grows_with_the_work_in_the_ladder) {
  MediaInfo info;
  info.duration_ms = 10'000;
  info.video.width = info.video.display_width = 3840;
  info.video.height = info.video.display_height = 2160;
  info.video.frame_rate = {60, 1};
  EXPECT_NEAR(ladder_cost(plan_ladder(info)), 15.2, 0.2);
  info.video.width = info.video.display_width = 426;
  info.video.height = info.video.display_height = 240;
  EXPECT_EQ(ladder_cost(plan_ladder(info)), 1.0);
}

TEST(Transcoder, ffmpeg_failure_carries_its_stderr_and_leaves_nothing_behind) {
  const LadderPlan plan = plan_for(testing::video_without_audio(240, 240, 2));
  const fs::path out = testing::unique_path("failed");
  try {
    transcode((testing::scratch_dir() / "vanished.mp4").string(), out.string(), plan, quick_options());
    FAIL() << "transcoding a missing file succeeded";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::unprocessable);
    EXPECT_EQ(error.details().at("reason"), "ffmpeg_failed");
    EXPECT_NE(error.details().at("stderr_tail").find("No such file"), std::string::npos)
        << error.details().at("stderr_tail");
    EXPECT_NE(std::string(error.what()).find("No such file"), std::string::npos) << error.what();
    EXPECT_EQ(std::string(error.what()).find(testing::scratch_dir().string()), std::string::npos) << error.what();
    EXPECT_NE(error.details().at("stderr_tail").find("<source>"), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(out));
}

TEST(Transcoder, a_truncated_upload_that_still_probes_is_refused) {
  const fs::path whole = testing::fixture("faststart.mp4", {"-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30", "-f", "lavfi",
                                                            "-i", "sine", "-t", "8", "-c:v", "libx264", "-preset", "ultrafast",
                                                            "-c:a", "aac", "-movflags", "+faststart"});
  const std::string bytes = testing::read_text(whole);
  const fs::path truncated = testing::scratch_dir() / "faststart-half.mp4";
  std::ofstream(truncated, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  const LadderPlan plan = plan_for(truncated);
  const fs::path out = testing::unique_path("truncated");
  try {
    transcode(truncated.string(), out.string(), plan, quick_options());
    FAIL() << "a half file became a whole video";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::unprocessable);
    EXPECT_EQ(error.details().at("reason"), "incomplete") << error.what();
  }
  EXPECT_FALSE(fs::exists(out));
}

TEST(Transcoder, refuses_to_write_into_a_directory_with_content) {
  const fs::path out = testing::unique_path("occupied");
  fs::create_directories(out);
  std::ofstream(out / "keep.txt") << "mine";
  const LadderPlan plan = plan_for(testing::video_without_audio(240, 240, 2));
  EXPECT_THROW(transcode(testing::video_without_audio(240, 240, 2).string(), out.string(), plan, quick_options()), Error);
  EXPECT_EQ(testing::read_text(out / "keep.txt"), "mine");
}

}  // namespace
}  // namespace marquee::media
