#include "media/Images.h"

#include "core/Error.h"
#include "media/AtomicFile.h"
#include "media/ChildProcess.h"
#include "media/HlsCommand.h"
#include "media/MediaPlaylist.h"
#include "media/Transcoder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <system_error>

namespace marquee::media {
namespace {

namespace fs = std::filesystem;

constexpr int kCandidateSide = 64;
constexpr std::size_t kCandidateBytes = kCandidateSide * kCandidateSide;
constexpr double kDarkestUsableMean = 24.0;
constexpr double kBrightestUsableMean = 235.0;
constexpr double kFlattestUsableStddev = 6.0;

int even_round(double value) { return std::max(2, 2 * static_cast<int>(std::lround(value / 2.0))); }

// Scales width×height to fit a box of `long_side` on its longer side, never enlarging.
std::pair<int, int> fit_long_side(int width, int height, int long_side) {
  double scale = std::min(1.0, static_cast<double>(long_side) / std::max(width, height));
  return {even_round(width * scale), even_round(height * scale)};
}

// Owns a private directory for work in progress; removes it (and anything left in it).
class ScratchDir {
 public:
  explicit ScratchDir(const fs::path& parent) {
    std::random_device random;
    for (int attempt = 0; attempt < 16; ++attempt) {
      fs::path candidate = parent / (".images-" + std::to_string(random()));
      std::error_code error;
      if (fs::create_directory(candidate, error)) {
        path_ = candidate;
        return;
      }
      if (error) throw Error(ErrorCode::internal, "cannot create a work directory in " + parent.string() + ": " + error.message());
    }
    throw Error(ErrorCode::internal, "cannot create a work directory in " + parent.string());
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string without_path(std::string text, const std::string& path) {
  if (path.empty()) return text;
  for (auto at = text.find(path); at != std::string::npos; at = text.find(path, at + 8)) text.replace(at, path.size(), "<output>");
  return text;
}

ChildResult run_ffmpeg(const std::vector<std::string>& argv, double duration_s, const ImageOptions& options,
                       const std::string& what, const std::string& out_dir) {
  ChildOptions child_options;
  double timeout_ms = std::max<double>(static_cast<double>(options.min_timeout.count()),
                                       options.timeout_factor * duration_s * 1000.0);
  child_options.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout_ms));
  child_options.should_cancel = options.should_cancel;
  ChildResult result = run_child(argv, std::move(child_options));
  if (result.cancelled) throw TranscodeCancelled();
  if (!result.succeeded()) {
    std::string cause = without_path(result.last_stderr_line(), out_dir);
    throw Error(ErrorCode::unprocessable,
                "Making the " + what + " failed (" + result.describe() + ")" + (cause.empty() ? "" : ": " + cause),
                {{"reason", "ffmpeg_failed"}, {"stderr_tail", without_path(result.stderr_tail, out_dir)}});
  }
  return result;
}

std::string read_file(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(ErrorCode::internal, "cannot read " + path.string());
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// init segment + the one media segment holding `time_s`, as a standalone MP4 (ffmpeg 5.1's
// HLS demuxer cannot seek in fMP4 renditions). Returns the seek offset inside it.
double extract_segment(const fs::path& rendition_dir, const MediaPlaylist& playlist, double time_s,
                       const fs::path& destination) {
  double start = 0;
  std::size_t index = 0;
  for (; index + 1 < playlist.segments.size(); ++index) {
    if (time_s < start + playlist.segments[index].duration_s) break;
    start += playlist.segments[index].duration_s;
  }
  const HlsSegment& segment = playlist.segments.at(index);
  std::string bytes = playlist.map_uri.empty() ? std::string() : read_file(rendition_dir / playlist.map_uri);
  bytes += read_file(rendition_dir / segment.uri);
  write_file_atomically(destination, bytes);
  double offset = std::clamp(time_s - start, 0.0, std::max(0.0, segment.duration_s - 0.25));
  return offset;
}

const Rung& poster_rung(const LadderPlan& plan, int poster_max_long_side) {
  const Rung* chosen = &plan.rungs.front();
  for (const Rung& rung : plan.rungs) {
    if (std::max(rung.width, rung.height) >= poster_max_long_side) chosen = &rung;
  }
  return *chosen;
}

std::string seconds_arg(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", seconds);
  return text;
}

}  // namespace

StoryboardLayout plan_storyboard(double duration_s, int frame_width, int frame_height, int segment_seconds,
                                 const ImageOptions& options) {
  StoryboardLayout layout;
  layout.duration_s = std::max(0.0, duration_s);
  int max_tiles = std::max(1, options.max_tiles);
  layout.interval_s = std::max(std::max(1, options.min_tile_interval_s),
                               static_cast<int>(std::ceil(layout.duration_s / max_tiles - 1e-9)));
  if (segment_seconds > 0 && layout.interval_s >= segment_seconds) {
    layout.interval_s = (layout.interval_s + segment_seconds - 1) / segment_seconds * segment_seconds;
    layout.keyframes_only = true;
  }
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

ImageSet make_images(const std::string& hls_dir, const LadderPlan& plan, const ImageOptions& options) {
  if (plan.rungs.empty()) throw Error(ErrorCode::internal, "make_images needs a plan with renditions");
  const fs::path out_dir(hls_dir);
  const Rung& scan_rung = plan.rungs.back();
  const fs::path scan_playlist_path = out_dir / rendition_playlist_path(scan_rung.name);
  auto scan_playlist = read_media_playlist(scan_playlist_path);
  if (!scan_playlist || scan_playlist->segments.empty()) {
    throw Error(ErrorCode::internal, "no finished rendition to make images from in " + hls_dir);
  }
  const double duration_s = scan_playlist->duration_s();

  ImageSet images;
  images.storyboard = plan_storyboard(duration_s, scan_rung.width, scan_rung.height, plan.segment_seconds, options);
  const StoryboardLayout& layout = images.storyboard;
  images.storyboard_sheets = storyboard_sheet_names(layout);
  ScratchDir scratch(out_dir);

  std::vector<std::string> scan{options.ffmpeg_path, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                                "-protocol_whitelist", "file"};
  if (layout.keyframes_only) scan.insert(scan.end(), {"-skip_frame", "nokey"});
  scan.insert(scan.end(),
              {"-i", "file:" + scan_playlist_path.string(), "-filter_complex",
               "[0:v]fps=1/" + std::to_string(layout.interval_s) + ",split=2[tiles][candidates];[tiles]scale=" +
                   std::to_string(layout.tile_width) + ":" + std::to_string(layout.tile_height) + ",tile=" +
                   std::to_string(layout.columns) + "x" + std::to_string(layout.rows) + "[sheets];[candidates]scale=" +
                   std::to_string(kCandidateSide) + ":" + std::to_string(kCandidateSide) + ",format=gray[gray]",
               "-map", "[sheets]", "-q:v", "5"});
  if (layout.sheets > 1) {
    scan.insert(scan.end(), {"-start_number", "1", (scratch.path() / "storyboard_%d.jpg").string()});
  } else {
    scan.insert(scan.end(), {"-frames:v", "1", (scratch.path() / "storyboard.jpg").string()});
  }
  scan.insert(scan.end(), {"-map", "[gray]", "-f", "rawvideo", "pipe:1"});
  ChildResult scanned = run_ffmpeg(scan, duration_s, options, "storyboard", hls_dir);

  std::vector<LumaStats> candidates;
  for (std::size_t offset = 0; offset + kCandidateBytes <= scanned.stdout_data.size(); offset += kCandidateBytes) {
    candidates.push_back(luma_stats(std::string_view(scanned.stdout_data).substr(offset, kCandidateBytes)));
  }
  auto window_index = [&](double fraction) {
    return static_cast<std::size_t>(std::ceil(duration_s * fraction / layout.interval_s - 1e-9));
  };
  auto chosen = pick_poster_frame(candidates, window_index(options.poster_window_start),
                                  window_index(options.poster_window_end));
  images.poster_time_s = chosen ? static_cast<double>(*chosen) * layout.interval_s : duration_s * options.poster_window_start;

  const Rung& frame_rung = poster_rung(plan, options.poster_max_long_side);
  auto frame_playlist = read_media_playlist(out_dir / rendition_playlist_path(frame_rung.name));
  if (!frame_playlist || frame_playlist->segments.empty()) {
    throw Error(ErrorCode::internal, "rendition " + frame_rung.name + " is missing in " + hls_dir);
  }
  const fs::path segment_copy = scratch.path() / "poster-source.mp4";
  double seek = extract_segment(out_dir / frame_rung.name, *frame_playlist, images.poster_time_s, segment_copy);
  auto [poster_width, poster_height] = fit_long_side(frame_rung.width, frame_rung.height, options.poster_max_long_side);
  images.poster_width = poster_width;
  images.poster_height = poster_height;
  images.thumb_width = std::min(even_round(options.thumb_width), poster_width);
  images.thumb_height = even_round(static_cast<double>(images.thumb_width) * poster_height / poster_width);

  std::vector<std::string> poster{options.ffmpeg_path, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                                  "-protocol_whitelist", "file", "-ss", seconds_arg(seek), "-i",
                                  "file:" + segment_copy.string(), "-filter_complex",
                                  "[0:v]scale=" + std::to_string(poster_width) + ":" + std::to_string(poster_height) +
                                      ",split=3[jpeg][webp][small];[small]scale=" + std::to_string(images.thumb_width) +
                                      ":" + std::to_string(images.thumb_height) + "[thumb]",
                                  "-map", "[jpeg]", "-frames:v", "1", "-q:v", "3",
                                  (scratch.path() / "poster.jpg").string(), "-map", "[webp]", "-frames:v", "1",
                                  "-c:v", "libwebp", "-quality", "80", (scratch.path() / "poster.webp").string(),
                                  "-map", "[thumb]", "-frames:v", "1", "-q:v", "4",
                                  (scratch.path() / "thumb.jpg").string()};
  run_ffmpeg(poster, static_cast<double>(plan.segment_seconds), options, "poster", hls_dir);

  images.poster_jpg = "poster.jpg";
  images.poster_webp = "poster.webp";
  images.thumb_jpg = "thumb.jpg";
  images.storyboard_vtt = "storyboard.vtt";
  int tiles_made = static_cast<int>(candidates.size());
  write_file_atomically(scratch.path() / images.storyboard_vtt,
                        render_storyboard_vtt(layout, images.storyboard_sheets, tiles_made));

  std::vector<std::string> produced{images.poster_jpg, images.poster_webp, images.thumb_jpg};
  produced.insert(produced.end(), images.storyboard_sheets.begin(), images.storyboard_sheets.end());
  for (const std::string& name : produced) {
    std::error_code error;
    if (!fs::exists(scratch.path() / name, error) || fs::file_size(scratch.path() / name, error) == 0) {
      throw Error(ErrorCode::unprocessable, "ffmpeg did not produce " + name, {{"reason", "ffmpeg_failed"}});
    }
  }
  produced.push_back(images.storyboard_vtt);
  for (const std::string& name : produced) {
    std::error_code error;
    fs::rename(scratch.path() / name, out_dir / name, error);
    if (error) throw Error(ErrorCode::internal, "cannot move " + name + " into " + hls_dir + ": " + error.message());
  }
  return images;
}

}  // namespace marquee::media
