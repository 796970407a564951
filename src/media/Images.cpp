#include "media/Images.h"

#include "core/Error.h"
#include "media/AtomicFile.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace marquee::media {
namespace {

namespace fs = std::filesystem;

constexpr int kCandidateSide = 64;
constexpr std::size_t kCandidateBytes = kCandidateSide * kCandidateSide;
constexpr double kDarkestUsableMean = 24.0;
constexpr double kBrightestUsableMean = 235.0;
constexpr double kFlattestUsableStddev = 6.0;
// libwebp's fastest method: a candidate is encoded whether or not it wins, so its cost
// counts ~30 times; the file is a little larger than at the default method 4.
constexpr const char* kWebpCompressionLevel = "0";

// The ladder's raw image outputs. Dotted names are never valid blob keys, so a candidate
// left behind by a crash can never be published.
constexpr const char* kPosterJpegPattern = ".poster_%03d.jpg";
constexpr const char* kPosterWebpPattern = ".poster_%03d.webp";
constexpr const char* kThumbPattern = ".thumb_%03d.jpg";
constexpr const char* kLumaFile = ".poster-luma.gray";

int even_round(double value) { return std::max(2, 2 * static_cast<int>(std::lround(value / 2.0))); }

// Scales width×height to fit a box of `long_side` on its longer side, never enlarging.
std::pair<int, int> fit_long_side(int width, int height, int long_side) {
  double scale = std::min(1.0, static_cast<double>(long_side) / std::max(width, height));
  return {even_round(width * scale), even_round(height * scale)};
}

std::string candidate_name(const char* pattern, std::size_t index) {
  char name[64];
  std::snprintf(name, sizeof name, pattern, static_cast<int>(index));
  return name;
}

std::string read_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(ErrorCode::internal, "cannot read " + path.string());
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

bool non_empty_file(const fs::path& path) {
  std::error_code error;
  return fs::is_regular_file(path, error) && fs::file_size(path, error) > 0 && !error;
}

void move_into(const fs::path& from, const fs::path& to) {
  if (!non_empty_file(from)) {
    throw Error(ErrorCode::unprocessable, "ffmpeg did not produce " + to.filename().string(), {{"reason", "ffmpeg_failed"}});
  }
  std::error_code error;
  fs::rename(from, to, error);
  if (error) throw Error(ErrorCode::internal, "cannot move " + from.filename().string() + " into place: " + error.message());
}

}  // namespace

StoryboardLayout plan_storyboard(double duration_s, int frame_width, int frame_height, const ImageOptions& options) {
  StoryboardLayout layout;
  layout.duration_s = std::max(0.0, duration_s);
  int max_tiles = std::max(1, options.max_tiles);
  layout.interval_s = std::max(std::max(1, options.min_tile_interval_s),
                               static_cast<int>(std::ceil(layout.duration_s / max_tiles - 1e-9)));
  layout.tiles = std::max(1, static_cast<int>(std::ceil(layout.duration_s / layout.interval_s - 1e-9)));
  layout.tile_width = even_round(options.tile_width);
  layout.tile_height = even_round(static_cast<double>(options.tile_width) * std::max(1, frame_height) /
                                  std::max(1, frame_width));
  layout.columns = std::clamp(layout.tiles, 1, std::max(1, options.sheet_columns));
  layout.rows = std::clamp((layout.tiles + layout.columns - 1) / layout.columns, 1, std::max(1, options.sheet_rows));
  int per_sheet = layout.columns * layout.rows;
  layout.sheets = (layout.tiles + per_sheet - 1) / per_sheet;
  return layout;
}

std::vector<std::string> storyboard_sheet_names(const StoryboardLayout& layout) {
  if (layout.sheets <= 1) return {"storyboard.jpg"};
  std::vector<std::string> names;
  for (int i = 1; i <= layout.sheets; ++i) names.push_back("storyboard_" + std::to_string(i) + ".jpg");
  return names;
}

std::string vtt_timestamp(double seconds) {
  auto total_ms = static_cast<long long>(std::llround(std::max(0.0, seconds) * 1000.0));
  char text[32];
  std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld.%03lld", total_ms / 3'600'000, total_ms / 60'000 % 60,
                total_ms / 1000 % 60, total_ms % 1000);
  return text;
}

std::string render_storyboard_vtt(const StoryboardLayout& layout, const std::vector<std::string>& sheet_names,
                                  int tiles_made) {
  std::string text = "WEBVTT\n";
  int per_sheet = std::max(1, layout.columns * layout.rows);
  int cues = std::clamp(tiles_made, 1, std::max(1, layout.tiles));
  for (int tile = 0; tile < cues; ++tile) {
    double start = static_cast<double>(tile) * layout.interval_s;
    double end = tile + 1 == cues ? layout.duration_s : std::min(layout.duration_s, start + layout.interval_s);
    if (end <= start) end = start + 0.001;
    std::size_t sheet = static_cast<std::size_t>(tile / per_sheet);
    int slot = tile % per_sheet;
    int x = slot % layout.columns * layout.tile_width;
    int y = slot / layout.columns * layout.tile_height;
    const std::string& sheet_name = sheet_names.at(std::min(sheet, sheet_names.size() - 1));
    text += "\n" + vtt_timestamp(start) + " --> " + vtt_timestamp(end) + "\n" + sheet_name + "#xywh=" +
            std::to_string(x) + "," + std::to_string(y) + "," + std::to_string(layout.tile_width) + "," +
            std::to_string(layout.tile_height) + "\n";
  }
  return text;
}

LumaStats luma_stats(std::string_view gray_pixels) {
  LumaStats stats;
  if (gray_pixels.empty()) return stats;
  double sum = 0, sum_squares = 0;
  for (unsigned char pixel : gray_pixels) {
    sum += pixel;
    sum_squares += static_cast<double>(pixel) * pixel;
  }
  double count = static_cast<double>(gray_pixels.size());
  stats.mean = sum / count;
  stats.stddev = std::sqrt(std::max(0.0, sum_squares / count - stats.mean * stats.mean));
  return stats;
}

std::optional<std::size_t> pick_poster_frame(const std::vector<LumaStats>& candidates, std::size_t window_begin,
                                             std::size_t window_end) {
  if (candidates.empty()) return std::nullopt;
  auto usable = [](const LumaStats& stats) {
    return stats.mean >= kDarkestUsableMean && stats.mean <= kBrightestUsableMean && stats.stddev >= kFlattestUsableStddev;
  };
  auto best_in = [&](std::size_t begin, std::size_t end, bool require_usable) -> std::optional<std::size_t> {
    std::optional<std::size_t> best;
    for (std::size_t i = begin; i < std::min(end, candidates.size()); ++i) {
      if (require_usable && !usable(candidates[i])) continue;
      if (!best || candidates[i].stddev > candidates[*best].stddev) best = i;
    }
    return best;
  };
  if (auto in_window = best_in(window_begin, window_end, true)) return in_window;
  if (auto anywhere = best_in(0, candidates.size(), true)) return anywhere;
  return best_in(0, candidates.size(), false);
}

ImagePlan plan_images(const LadderPlan& plan, const ImageOptions& options) {
  if (plan.rungs.empty()) throw Error(ErrorCode::internal, "plan_images needs a plan with renditions");
  const Rung& top = plan.rungs.front();  // upright display size
  ImagePlan images;
  images.options = options;
  images.storyboard = plan_storyboard(static_cast<double>(plan.video_duration_ms) / 1000.0, top.width, top.height, options);
  images.storyboard_sheets = storyboard_sheet_names(images.storyboard);
  const int max_candidates = std::max(1, options.max_poster_candidates);
  images.candidate_every_tiles = (images.storyboard.tiles + max_candidates - 1) / max_candidates;
  std::tie(images.poster_width, images.poster_height) = fit_long_side(top.width, top.height, options.poster_max_long_side);
  images.thumb_width = std::min(even_round(options.thumb_width), images.poster_width);
  images.thumb_height = even_round(static_cast<double>(images.thumb_width) * images.poster_height / images.poster_width);
  return images;
}

std::string image_filter_graph(const ImagePlan& images, const std::string& input) {
  const StoryboardLayout& layout = images.storyboard;
  auto size = [](int width, int height) { return std::to_string(width) + ":" + std::to_string(height); };
  std::string pick = images.candidate_every_tiles > 1
                         ? "select='not(mod(n," + std::to_string(images.candidate_every_tiles) + "))',"
                         : std::string();
  return input + "fps=1/" + std::to_string(layout.interval_s) + ",scale=" + size(images.poster_width, images.poster_height) +
         ":flags=bicubic,setsar=1,split=2[img_tiles][img_pick];"
         "[img_tiles]scale=" + size(layout.tile_width, layout.tile_height) + ",tile=" + std::to_string(layout.columns) +
         "x" + std::to_string(layout.rows) + "[img_sheets];"
         "[img_pick]" + pick + "split=4[img_jpeg][img_webp][img_small][img_gray];"
         "[img_small]scale=" + size(images.thumb_width, images.thumb_height) + "[img_thumb];"
         "[img_gray]scale=" + size(kCandidateSide, kCandidateSide) + ",format=gray[img_luma]";
}

std::vector<std::string> image_output_args(const ImagePlan& images, const std::string& dir) {
  std::vector<std::string> args{"-map", "[img_sheets]", "-q:v", "5"};
  if (images.storyboard.sheets > 1) {
    args.insert(args.end(), {"-start_number", "1", dir + "/storyboard_%d.jpg"});
  } else {
    args.insert(args.end(), {"-frames:v", "1", dir + "/" + images.storyboard_sheets.front()});
  }
  args.insert(args.end(), {"-map", "[img_jpeg]", "-q:v", "3", "-start_number", "0", dir + "/" + kPosterJpegPattern,
                           "-map", "[img_webp]", "-c:v", "libwebp", "-quality", "80", "-compression_level",
                           kWebpCompressionLevel, "-start_number", "0", dir + "/" + kPosterWebpPattern,
                           "-map", "[img_thumb]", "-q:v", "4", "-start_number", "0", dir + "/" + kThumbPattern,
                           "-map", "[img_luma]", "-f", "rawvideo", dir + "/" + kLumaFile});
  return args;
}

ImageSet finish_images(const std::string& from_dir, const std::string& to_dir, const ImagePlan& images,
                       double duration_s) {
  const fs::path from(from_dir), to(to_dir);
  const ImageOptions& options = images.options;
  ImageSet set;
  set.storyboard = images.storyboard;
  set.storyboard.duration_s = std::max(0.0, duration_s);
  set.storyboard_sheets = images.storyboard_sheets;
  set.poster_width = images.poster_width;
  set.poster_height = images.poster_height;
  set.thumb_width = images.thumb_width;
  set.thumb_height = images.thumb_height;

  const std::string luma = non_empty_file(from / kLumaFile) ? read_file(from / kLumaFile) : std::string();
  std::vector<LumaStats> candidates;
  for (std::size_t offset = 0; offset + kCandidateBytes <= luma.size(); offset += kCandidateBytes) {
    candidates.push_back(luma_stats(std::string_view(luma).substr(offset, kCandidateBytes)));
  }
  const double candidate_interval_s = static_cast<double>(images.storyboard.interval_s) * images.candidate_every_tiles;
  auto window_index = [&](double fraction) {
    return static_cast<std::size_t>(std::ceil(set.storyboard.duration_s * fraction / candidate_interval_s - 1e-9));
  };
  auto chosen = pick_poster_frame(candidates, window_index(options.poster_window_start), window_index(options.poster_window_end));
  if (!chosen) throw Error(ErrorCode::unprocessable, "ffmpeg did not produce a poster", {{"reason", "ffmpeg_failed"}});
  set.poster_time_s = static_cast<double>(*chosen) * candidate_interval_s;

  std::error_code error;
  fs::create_directories(to, error);
  if (error) throw Error(ErrorCode::internal, "cannot create " + to_dir + ": " + error.message());
  set.poster_jpg = "poster.jpg";
  set.poster_webp = "poster.webp";
  set.thumb_jpg = "thumb.jpg";
  move_into(from / candidate_name(kPosterJpegPattern, *chosen), to / set.poster_jpg);
  move_into(from / candidate_name(kPosterWebpPattern, *chosen), to / set.poster_webp);
  move_into(from / candidate_name(kThumbPattern, *chosen), to / set.thumb_jpg);
  for (const std::string& sheet : set.storyboard_sheets) move_into(from / sheet, to / sheet);

  // One tile per candidate when every tile is one; else the tiles the encoded duration fills.
  const int tiles_made = images.candidate_every_tiles == 1
                             ? static_cast<int>(candidates.size())
                             : std::min(static_cast<int>(candidates.size()) * images.candidate_every_tiles,
                                        static_cast<int>(std::ceil(set.storyboard.duration_s / set.storyboard.interval_s - 1e-9)));
  set.storyboard_vtt = "storyboard.vtt";
  write_file_atomically(to / set.storyboard_vtt, render_storyboard_vtt(set.storyboard, set.storyboard_sheets, tiles_made));

  // The candidates that lost, and the scores: every dotted name the image outputs use.
  std::vector<fs::path> leftovers;
  for (const auto& entry : fs::directory_iterator(from, error)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(".poster") || name.starts_with(".thumb")) leftovers.push_back(entry.path());
  }
  for (const fs::path& path : leftovers) fs::remove(path, error);
  return set;
}

}  // namespace marquee::media
