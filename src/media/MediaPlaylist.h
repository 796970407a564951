#pragma once
// MediaPlaylist reads an HLS media playlist (what ffmpeg's hls muxer writes for one
// rendition) and measures the rendition it describes: total duration, and the average and
// peak segment bit rates a master playlist must declare (RFC 8216 §4.3.4.2: the peak is the
// largest bit rate of any run of consecutive segments lasting 0.5–1.5× the target duration).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::media {

struct HlsSegment {
  std::string uri;
  double duration_s = 0;
};

struct MediaPlaylist {
  int target_duration_s = 0;
  std::string playlist_type;  // "EVENT", "VOD" or empty
  std::string map_uri;        // the fMP4 init segment
  std::vector<HlsSegment> segments;
  bool ended = false;  // #EXT-X-ENDLIST seen

  double duration_s() const;
};

MediaPlaylist parse_media_playlist(std::string_view text);
// nullopt when the file does not exist yet.
std::optional<MediaPlaylist> read_media_playlist(const std::filesystem::path& path);

struct RenditionBandwidth {
  std::int64_t bytes = 0;  // segments only, init excluded
  double duration_s = 0;
  std::int64_t average_bps = 0;
  std::int64_t peak_bps = 0;
};

// Sizes the playlist's segments on disk (relative to the playlist's directory). Segments
// that are missing count as empty.
RenditionBandwidth measure_bandwidth(const MediaPlaylist& playlist, const std::filesystem::path& directory);

// Pure part of measure_bandwidth: segment sizes in bytes, parallel to playlist.segments.
RenditionBandwidth bandwidth_of(const MediaPlaylist& playlist, const std::vector<std::int64_t>& segment_bytes);

}  // namespace marquee::media
