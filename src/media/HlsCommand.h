#pragma once
// HlsCommand builds the one ffmpeg invocation that makes a whole ladder: the source is
// decoded once, normalised to the plan's constant frame rate, split, scaled per rung and
// encoded with libx264 (keyframes forced every segment_seconds so every rendition cuts at
// the same instants) plus one AAC encode shared by all renditions as an HLS audio group.
// Output is fMP4 (CMAF) HLS, written as growing EVENT playlists so the video plays while it
// is still being made; ffmpeg writes segments and playlists to `.tmp` names and renames
// them into place, so readers never see a partial file.
//
// Layout under out_dir (names are what MasterPlaylist and the HTTP layer rely on):
//   <rung>/index.m3u8, <rung>/init_<rung>.mp4, <rung>/seg_00000.m4s …   e.g. rung "720p"
//   audio/index.m3u8,  audio/init_audio.mp4,  audio/seg_00000.m4s …     when the source has sound
// The master playlist is not ffmpeg's (5.1 omits AVERAGE-BANDWIDTH and FRAME-RATE); the
// Transcoder writes master.m3u8 itself.
#include "media/LadderPlan.h"

#include <string>
#include <vector>

namespace marquee::media {

inline constexpr const char* kMasterPlaylistName = "master.m3u8";
inline constexpr const char* kMediaPlaylistName = "index.m3u8";
inline constexpr const char* kAudioRenditionName = "audio";

struct HlsCommandOptions {
  std::string ffmpeg_path = "ffmpeg";
  std::string log_level = "error";
};

// "720p/index.m3u8"
std::string rendition_playlist_path(const std::string& rendition_name);

// The argv (argv[0] is ffmpeg) writing `-progress` key=value blocks to stdout.
// REQUIRES: out_dir contains no '%' (ffmpeg expands it in output names).
std::vector<std::string> build_hls_command(const std::string& source, const std::string& out_dir,
                                           const LadderPlan& plan, const HlsCommandOptions& options = {});

// The -filter_complex graph: fps normalisation, split, per-rung scale to 8-bit yuv420p.
std::string build_ladder_filter_graph(const LadderPlan& plan);

}  // namespace marquee::media
