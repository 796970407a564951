#pragma once
// Images makes the pictures around a video: a poster (JPEG and WebP) and a small thumbnail
// from a representative frame, and a storyboard — sprite sheets of small tiles, one every N
// seconds (at most ~100 tiles), with a WebVTT file mapping time ranges to tiles for
// scrubbing previews.
//
// They are made after the ladder, from its renditions rather than from the source: the
// renditions are already upright, 8-bit and small, and have a keyframe every segment. So
// one cheap pass decodes the smallest rendition at a low frame rate (only its keyframes
// when the tile interval is a whole number of segments) to fill the storyboard and score
// every tile as a poster candidate (luma spread, never a black or flat frame, preferring
// 10–50 % of the way in); then one seek into a single segment of a ~720p rendition
// yields the poster. On two cores the ladder already uses the whole machine, so running
// this concurrently would only delay first play; afterwards it costs a few percent of the
// encode. Files are written to a private temp directory and renamed into place; on failure
// nothing is left behind.
#include "media/LadderPlan.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::media {

struct ImageOptions {
  std::string ffmpeg_path = "ffmpeg";
  int poster_max_long_side = 1280;
  int thumb_width = 320;
  int tile_width = 160;
  int max_tiles = 100;
  int min_tile_interval_s = 1;
  int sheet_columns = 10;
  int sheet_rows = 10;
  // Poster candidates are preferred from this part of the video.
  double poster_window_start = 0.1;
  double poster_window_end = 0.5;
  // Deadline per ffmpeg run: max(min_timeout, timeout_factor × duration).
  std::chrono::milliseconds min_timeout{std::chrono::seconds(60)};
  double timeout_factor = 2.0;
  std::function<bool()> should_cancel;
};

struct StoryboardLayout {
  double duration_s = 0;
  int interval_s = 1;
  int tiles = 0;
  int tile_width = 0;
  int tile_height = 0;
  int columns = 0;  // per sheet
  int rows = 0;     // per sheet
  int sheets = 0;
  // The interval is a whole number of segments, so decoding keyframes alone is exact.
  bool keyframes_only = false;
};

struct ImageSet {
  // File names relative to the output directory.
  std::string poster_jpg;
  std::string poster_webp;
  std::string thumb_jpg;
  int poster_width = 0;
  int poster_height = 0;
  int thumb_width = 0;
  int thumb_height = 0;
  double poster_time_s = 0;
  std::vector<std::string> storyboard_sheets;
  std::string storyboard_vtt;
  StoryboardLayout storyboard;
};

// Makes every image from the finished HLS renditions in hls_dir (as transcode() leaves
// them) into hls_dir. Throws TranscodeCancelled (Transcoder.h) when cancelled,
// Error(unprocessable) when ffmpeg fails on the renditions, Error(internal) for local problems.
ImageSet make_images(const std::string& hls_dir, const LadderPlan& plan, const ImageOptions& options = {});

// segment_seconds: the input's keyframe spacing when it is regular, else 0.
StoryboardLayout plan_storyboard(double duration_s, int frame_width, int frame_height, int segment_seconds,
                                 const ImageOptions& options = {});
// "storyboard.jpg" for one sheet; "storyboard_1.jpg", "storyboard_2.jpg" … for several.
std::vector<std::string> storyboard_sheet_names(const StoryboardLayout& layout);
// tiles_made: how many tiles the sheets hold (ffmpeg may make one fewer than planned);
// the cues always run to the end of the video.
std::string render_storyboard_vtt(const StoryboardLayout& layout, const std::vector<std::string>& sheet_names,
                                  int tiles_made);
// "00:01:02.500"
std::string vtt_timestamp(double seconds);

struct LumaStats {
  double mean = 0;
  double stddev = 0;
};
LumaStats luma_stats(std::string_view gray_pixels);
// The best poster among candidate frames: the widest luma spread among frames that are
// neither near-black, near-white nor flat, preferring indices in [window_begin, window_end).
// nullopt only when there are no candidates.
std::optional<std::size_t> pick_poster_frame(const std::vector<LumaStats>& candidates, std::size_t window_begin,
                                             std::size_t window_end);

}  // namespace marquee::media
