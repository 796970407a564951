#pragma once
// HlsCommand builds the one ffmpeg invocation that makes a whole ladder: the source is
// decoded once, normalised to the plan's constant frame rate, split, scaled per rung and
// encoded with libx264 (keyframes forced at the same instants in every rendition: 0,
// first_segment_seconds, twice that … then every segment_seconds, so every rendition cuts
// there) plus one AAC encode shared by all renditions as an HLS audio group. With a short
// first segment, ffmpeg 5.1's -hls_init_time also sets the audio rendition's segment length
// for the whole video (its cut is never reset when the playlist keeps every segment), so
// audio segments are first_segment_seconds long; the video's follow its keyframes.
// With an ImagePlan, one more branch of the split makes the poster candidates, thumbnails
// and storyboard (Images.h) as extra outputs of the same process: one decode for everything.
// Output is fMP4 (CMAF) HLS, written as growing EVENT playlists so the video plays while it
// is still being made; ffmpeg writes segments and playlists to `.tmp` names and renames
// them into place, so readers never see a partial file.
//
// Layout under out_dir (names are what MasterPlaylist and the HTTP layer rely on):
//   <rung>/index.m3u8, <rung>/init_<rung>.mp4, <rung>/seg_00000.m4s …   e.g. rung "720p"
//   audio/index.m3u8,  audio/init_audio.mp4,  audio/seg_00000.m4s …     when the source has sound
// The master playlist is not ffmpeg's (5.1 omits AVERAGE-BANDWIDTH and FRAME-RATE); the
// Transcoder writes master.m3u8 itself.
#include "media/Images.h"
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
  // When set, the image outputs are written into the output directory too (not owned).
  const ImagePlan* images = nullptr;
  // When set, one 128×128 luma frame a second is written here as raw bytes, for the
  // perceptual fingerprint (fingerprints/FrameHash.h): from the same decode as the ladder.
  std::string fingerprint_luma_path;
};

// "720p/index.m3u8"
std::string rendition_playlist_path(const std::string& rendition_name);

// The argv (argv[0] is ffmpeg) writing `-progress` key=value blocks to stdout.
// REQUIRES: out_dir contains no '%' (ffmpeg expands it in output names).
std::vector<std::string> build_hls_command(const std::string& source, const std::string& out_dir,
                                           const LadderPlan& plan, const HlsCommandOptions& options = {});

// The -filter_complex graph: fps normalisation, split, per-rung scale to 8-bit yuv420p,
// and the image branch when `images` is set.
std::string build_ladder_filter_graph(const LadderPlan& plan, const ImagePlan* images = nullptr,
                                     bool fingerprint = false);
// The -force_key_frames expression: 0, first_segment_seconds, doubling below
// segment_seconds, then every segment_seconds.
std::string keyframe_expression(const LadderPlan& plan);

}  // namespace marquee::media
