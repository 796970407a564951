#include "media/MediaPlaylist.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <system_error>

namespace marquee::media {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

double parse_double(std::string_view text) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && std::isfinite(value) && value >= 0 ? value : 0;
}

std::string quoted_attribute(std::string_view line, std::string_view name) {
  std::string key = std::string(name) + "=\"";
  auto start = line.find(key);
  if (start == std::string_view::npos) return {};
  start += key.size();
  auto end = line.find('"', start);
  return end == std::string_view::npos ? std::string{} : std::string(line.substr(start, end - start));
}

}  // namespace

double MediaPlaylist::duration_s() const {
  double total = 0;
  for (const auto& segment : segments) total += segment.duration_s;
  return total;
}

namespace {

// A duration from a playlist line, or -1 when it is not a finite number of seconds within a
// day: a huge or NaN value must not reach an int or the bandwidth arithmetic (a fuzzer found
// #EXT-X-TARGETDURATION:8888…8 overflowing the int).
double playlist_seconds(std::string_view text) {
  const double value = parse_double(text);
  return std::isfinite(value) && value >= 0 && value <= 86'400 ? value : -1;
}

}  // namespace

MediaPlaylist parse_media_playlist(std::string_view text) {
  MediaPlaylist playlist;
  // The #EXTINF duration waiting for its URI line; negative when none is.
  double pending_duration = -1;
  while (!text.empty()) {
    auto newline = text.find('\n');
    std::string_view line = trim(text.substr(0, newline));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (line.empty()) continue;
    if (line.starts_with("#EXTINF:")) {
      std::string_view value = line.substr(8);
      pending_duration = playlist_seconds(value.substr(0, value.find(',')));
    } else if (line.starts_with("#EXT-X-TARGETDURATION:")) {
      playlist.target_duration_s = std::max(0, static_cast<int>(playlist_seconds(line.substr(22))));
    } else if (line.starts_with("#EXT-X-PLAYLIST-TYPE:")) {
      playlist.playlist_type = std::string(line.substr(21));
    } else if (line.starts_with("#EXT-X-MAP:")) {
      playlist.map_uri = quoted_attribute(line, "URI");
    } else if (line == "#EXT-X-ENDLIST") {
      playlist.ended = true;
    } else if (line.front() != '#' && pending_duration >= 0) {
      playlist.segments.push_back({std::string(line), pending_duration});
      pending_duration = -1;
    }
  }
  return playlist;
}

std::optional<MediaPlaylist> read_media_playlist(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream contents;
  contents << file.rdbuf();
  return parse_media_playlist(contents.str());
}

RenditionBandwidth bandwidth_of(const MediaPlaylist& playlist, const std::vector<std::int64_t>& segment_bytes) {
  RenditionBandwidth result;
  const auto& segments = playlist.segments;
  for (std::size_t i = 0; i < segments.size() && i < segment_bytes.size(); ++i) {
    result.bytes += segment_bytes[i];
    result.duration_s += segments[i].duration_s;
  }
  if (result.duration_s > 0) {
    result.average_bps = static_cast<std::int64_t>(std::llround(result.bytes * 8.0 / result.duration_s));
  }

  double target = playlist.target_duration_s > 0 ? playlist.target_duration_s : 0;
  double shortest = 0.5 * target, longest = 1.5 * target;
  std::size_t count = std::min(segments.size(), segment_bytes.size());
  for (std::size_t first = 0; first < count; ++first) {
    std::int64_t bytes = 0;
    double seconds = 0;
    for (std::size_t last = first; last < count; ++last) {
      bytes += segment_bytes[last];
      seconds += segments[last].duration_s;
      if (seconds > longest && last > first) break;
      if (seconds >= shortest && seconds > 0) {
        result.peak_bps = std::max(result.peak_bps, static_cast<std::int64_t>(std::llround(bytes * 8.0 / seconds)));
      }
    }
  }
  // A rendition too short for any window (one brief segment) peaks at its average.
  result.peak_bps = std::max(result.peak_bps, result.average_bps);
  return result;
}

RenditionBandwidth measure_bandwidth(const MediaPlaylist& playlist, const std::filesystem::path& directory) {
  std::vector<std::int64_t> sizes;
  sizes.reserve(playlist.segments.size());
  for (const auto& segment : playlist.segments) {
    std::error_code error;
    auto size = std::filesystem::file_size(directory / segment.uri, error);
    sizes.push_back(error ? 0 : static_cast<std::int64_t>(size));
  }
  return bandwidth_of(playlist, sizes);
}

}  // namespace marquee::media
