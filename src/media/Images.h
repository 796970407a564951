#pragma once
// Images makes the pictures around a video: a poster (JPEG and WebP) and a small thumbnail
// from a representative frame, and a storyboard — sprite sheets of small tiles, one every N
// seconds (at most ~100 tiles), with a WebVTT file mapping time ranges to tiles for
// scrubbing previews.
//
// They come out of the ladder's own ffmpeg, so the source is decoded once: one more branch
// of its filter graph (image_filter_graph) samples a frame every tile interval and writes
// the storyboard sheets, and for every poster candidate (at most max_poster_candidates,
// spread evenly) a poster-sized JPEG and WebP, a thumbnail and a 64×64 grey copy to score
// it. After the encode, finish_images() picks the poster by those scores (luma spread,
// never a black or flat frame, preferring 10–50 % of the way in), renames the winner's
// files into place and drops the other candidates — no second decode, no ffmpeg start
// after the ladder. The candidates cost ~20 ms of CPU each, in an encode of tens of seconds.
#include "media/LadderPlan.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::media {

struct ImageOptions {
  int poster_max_long_side = 1280;
  int thumb_width = 320;
  int tile_width = 160;
  int max_tiles = 100;
  int min_tile_interval_s = 1;
  int sheet_columns = 10;
  int sheet_rows = 10;
  // Poster candidates: every tile while there are at most this many, else every n-th tile.
  int max_poster_candidates = 32;
  // Poster candidates are preferred from this part of the video.
  double poster_window_start = 0.1;
  double poster_window_end = 0.5;
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
};

struct ImageSet {
  // File names relative to the directory finish_images() wrote them to.
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

// What the ladder's image branch makes, fixed before the encode starts.
struct ImagePlan {
  StoryboardLayout storyboard;  // laid out for the planned duration
  std::vector<std::string> storyboard_sheets;
  int candidate_every_tiles = 1;  // a poster candidate every this many tiles
  int poster_width = 0;
  int poster_height = 0;
  int thumb_width = 0;
  int thumb_height = 0;
  ImageOptions options;
};

// REQUIRES: plan has at least one rung.
ImagePlan plan_images(const LadderPlan& plan, const ImageOptions& options = {});
// The filter chains fed by `input` (a label such as "[s5]" of the ladder's split), ending
// in labels that image_output_args() maps.
std::string image_filter_graph(const ImagePlan& images, const std::string& input);
// One ffmpeg output per image stream, each writing into dir; they go before the HLS output.
std::vector<std::string> image_output_args(const ImagePlan& images, const std::string& dir);
// After the ladder wrote its image outputs into from_dir: picks the poster, moves the
// poster, thumbnail and sheets into to_dir (same filesystem), writes the storyboard's VTT
// there for the encoded duration, and removes the other candidates. Throws
// Error(unprocessable) when ffmpeg did not produce an image, Error(internal) on local trouble.
ImageSet finish_images(const std::string& from_dir, const std::string& to_dir, const ImagePlan& images,
                       double duration_s);

StoryboardLayout plan_storyboard(double duration_s, int frame_width, int frame_height, const ImageOptions& options = {});
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
