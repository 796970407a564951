#pragma once
// MasterPlaylist renders the HLS master playlist Marquee serves for a video: one
// EXT-X-STREAM-INF per video rendition with BANDWIDTH (peak), AVERAGE-BANDWIDTH, RESOLUTION,
// CODECS and FRAME-RATE, all counting the shared audio rendition, which is listed once as an
// EXT-X-MEDIA audio group. ffmpeg 5.1's own master omits AVERAGE-BANDWIDTH and FRAME-RATE,
// hence this file. The start variant is listed first (players such as Safari begin with the
// first entry); the rest follow from largest to smallest.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace marquee::media {

struct VariantStream {
  std::string uri;  // relative to the master, "720p/index.m3u8"
  std::int64_t bandwidth_bps = 0;
  std::int64_t average_bandwidth_bps = 0;
  int width = 0;
  int height = 0;
  double frame_rate = 0;
  std::string codecs;  // video and audio: "avc1.64001f,mp4a.40.2"
};

struct AudioRendition {
  std::string uri;  // "audio/index.m3u8"
  std::string group_id = "audio";
  std::string name = "Default";
  int channels = 2;
};

// REQUIRES: variants are ordered largest first; start_index < variants.size().
std::string render_master_playlist(const std::vector<VariantStream>& variants,
                                   const std::optional<AudioRendition>& audio, std::size_t start_index = 0);

// The variant a player should start with: the largest whose average bandwidth is at most
// start_bandwidth_bps, else the smallest.
std::size_t pick_start_variant(const std::vector<VariantStream>& variants, std::int64_t start_bandwidth_bps = 3'500'000);

}  // namespace marquee::media
