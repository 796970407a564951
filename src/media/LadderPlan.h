#pragma once
// LadderPlan is the encoding recipe for one source: which H.264 renditions to make (by the
// short side: 2160/1440/1080/720/480/360/240, never larger than the source), their exact
// even dimensions with the display aspect kept (portrait stays portrait), frame rate,
// bitrate caps, H.264 profile/level and the RFC 6381 CODECS string that level and preset
// produce, plus the single shared AAC audio rendition. HlsCommand turns it into one
// ffmpeg process; MasterPlaylist describes it to players. Pure function, no I/O.
#include "media/MediaInfo.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace marquee::media {

// Nominal video bitrates (kbit/s) for 16:9 content at up to 30 fps, by rung short side.
// Frames above 30 fps get high_frame_rate_boost; other aspect ratios scale with pixel area.
inline const std::map<int, int> kDefaultVideoKbpsByRung{
    {2160, 12000}, {1440, 8000}, {1080, 5000}, {720, 2800}, {480, 1400}, {360, 800}, {240, 400},
};

struct LadderOptions {
  std::vector<int> rung_short_sides{2160, 1440, 1080, 720, 480, 360, 240};
  // Overrides entries of kDefaultVideoKbpsByRung.
  std::map<int, int> video_kbps_by_rung;
  double high_frame_rate_boost = 1.5;
  // maxrate = nominal × maxrate_factor; VBV buffer = maxrate × bufsize_factor.
  double maxrate_factor = 1.25;
  double bufsize_factor = 2.0;
  // Capped CRF: quality-targeted, never above maxrate. Without it, plain ABR at the nominal rate.
  std::optional<int> crf = 23;
  int max_fps = 60;
  // A source within this fraction below a rung still gets that rung, at its own size
  // (853×479 makes a 852×478 "480p" rather than topping out at 360p).
  double rung_tolerance = 0.05;
  int audio_kbps_stereo = 128;
  int audio_kbps_mono = 96;
  int segment_seconds = 4;
  // The first segment is this long (then twice as long, … up to segment_seconds), so the
  // first segments of every rendition exist after ~1 s of encoding instead of ~4 s; 0 or
  // segment_seconds keeps every segment at segment_seconds.
  int first_segment_seconds = 1;
  // x264 preset. It is part of the plan because it decides the H.264 profile x264 signals
  // (ultrafast turns off CABAC and B-frames and so produces Constrained Baseline).
  std::string preset = "veryfast";
};

struct Rung {
  std::string name;      // "720p"; also the rendition's directory name
  int short_side = 0;    // the nominal rung (720), even when the rendition is a bit smaller
  int width = 0;         // even
  int height = 0;        // even
  Rational fps;
  int video_bitrate_kbps = 0;
  int maxrate_kbps = 0;
  int bufsize_kbps = 0;
  int audio_bitrate_kbps = 0;  // the shared audio rendition's rate, 0 without audio
  std::string h264_profile;    // "high" (or "baseline" for ultrafast)
  int h264_level = 0;          // level_idc: 31 for 3.1
  std::string codecs;          // "avc1.64001f,mp4a.40.2"
};

struct AudioPlan {
  int stream_index = 0;
  int bitrate_kbps = 0;
  int channels = 2;
  int sample_rate = 48000;
  std::string codecs = "mp4a.40.2";  // AAC-LC
};

struct LadderPlan {
  std::vector<Rung> rungs;  // largest first
  std::optional<AudioPlan> audio;
  int video_stream_index = 0;
  Rational fps;  // every rung's frame rate
  std::int64_t duration_ms = 0;
  // The video stream's own duration when the container states it, else duration_ms;
  // what a complete encode must roughly reach.
  std::int64_t video_duration_ms = 0;
  int segment_seconds = 4;
  int first_segment_seconds = 4;  // <= segment_seconds
  std::optional<int> crf;
  std::string preset;
  int source_bit_depth = 8;
};

LadderPlan plan_ladder(const MediaInfo& info, const LadderOptions& options = {});

// The lowest H.264 level_idc (10…52) whose limits fit this rendition.
int h264_level_for(int width, int height, double fps, int maxrate_kbps, int bufsize_kbps);
// RFC 6381 string x264 produces with this preset and level: "avc1.64001f", "avc1.42c015".
std::string h264_codecs_string(const std::string& preset, int level_idc);
// fps above max_fps divided by the smallest whole factor that brings it under (120 → 60,
// 119.88 → 59.94); an unknown rate becomes 30.
Rational capped_frame_rate(Rational source, int max_fps);

}  // namespace marquee::media
