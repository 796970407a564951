#include "media/LadderPlan.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

namespace marquee::media {
namespace {

struct H264Level {
  int idc;
  long max_macroblocks_per_second;
  long max_frame_macroblocks;
  long max_bitrate_kbps;  // baseline/main limits; High allows 1.25×, so these are conservative
  long max_cpb_kbits;
};

constexpr H264Level kLevels[] = {
    {10, 1485, 99, 64, 175},           {11, 3000, 396, 192, 500},
    {12, 6000, 396, 384, 1000},        {13, 11880, 396, 768, 2000},
    {20, 11880, 396, 2000, 2000},      {21, 19800, 792, 4000, 4000},
    {22, 20250, 1620, 4000, 4000},     {30, 40500, 1620, 10000, 10000},
    {31, 108000, 3600, 14000, 14000},  {32, 216000, 5120, 20000, 20000},
    {40, 245760, 8192, 20000, 25000},  {41, 245760, 8192, 50000, 62500},
    {42, 522240, 8704, 50000, 62500},  {50, 589824, 22080, 135000, 135000},
    {51, 983040, 36864, 240000, 240000}, {52, 2073600, 36864, 240000, 240000},
};

constexpr double kReferenceAspect = 16.0 / 9.0;
// Sources within this of a standard aspect ratio are treated as exactly that ratio: an
// 854×480 or 853×479 source is 16:9 that was rounded, and its 240p should be 426×240.
constexpr double kAspectSnapTolerance = 0.01;
constexpr double kMinAreaFactor = 0.25;
constexpr double kMaxAreaFactor = 1.5;
constexpr int kSmallestRung = 240;

int even_floor(int value) { return std::max(2, value - value % 2); }
int even_round(double value) { return std::max(2, 2 * static_cast<int>(std::lround(value / 2.0))); }

double standard_aspect_or(double aspect) {
  for (double standard : {16.0 / 9.0, 4.0 / 3.0}) {
    if (std::abs(aspect / standard - 1.0) < kAspectSnapTolerance) return standard;
  }
  return aspect;
}

int nominal_kbps(int short_side, const LadderOptions& options) {
  if (auto it = options.video_kbps_by_rung.find(short_side); it != options.video_kbps_by_rung.end()) return it->second;
  if (auto it = kDefaultVideoKbpsByRung.find(short_side); it != kDefaultVideoKbpsByRung.end()) return it->second;
  // A rung missing from the table: interpolate by area from 720p.
  double area_ratio = static_cast<double>(short_side) * short_side / (720.0 * 720.0);
  return std::max(100, static_cast<int>(std::lround(kDefaultVideoKbpsByRung.at(720) * area_ratio)));
}

Rational frame_rate_for_plan(const VideoStreamInfo& video) {
  // A variable-rate clip is encoded at the rate the camera aimed at (phones record 30 fps
  // with jitter, and the average would be an odd 29.87); frames are duplicated where the
  // source was slower.
  if (video.variable_frame_rate && video.nominal_frame_rate.valid() && video.frame_rate.valid() &&
      video.nominal_frame_rate.value() <= 2.5 * video.frame_rate.value()) {
    return video.nominal_frame_rate;
  }
  return video.frame_rate.valid() ? video.frame_rate : video.nominal_frame_rate;
}

Rung make_rung(int nominal_short_side, int short_px, int long_px, bool portrait, const Rational& fps,
               const LadderOptions& options, int audio_kbps, bool has_audio) {
  Rung rung;
  rung.short_side = nominal_short_side;
  rung.name = std::to_string(nominal_short_side) + "p";
  rung.width = portrait ? short_px : long_px;
  rung.height = portrait ? long_px : short_px;
  rung.fps = fps;

  int table_rung = std::max(nominal_short_side, kSmallestRung);
  double reference_area = table_rung * (table_rung * kReferenceAspect);
  double area_factor = std::clamp(static_cast<double>(rung.width) * rung.height / reference_area, kMinAreaFactor,
                                  kMaxAreaFactor);
  double rate_factor = fps.value() > 30.5 ? options.high_frame_rate_boost : 1.0;
  double nominal = nominal_kbps(table_rung, options) * area_factor * rate_factor;
  rung.video_bitrate_kbps = static_cast<int>(std::lround(nominal));
  rung.maxrate_kbps = static_cast<int>(std::lround(nominal * options.maxrate_factor));
  rung.bufsize_kbps = static_cast<int>(std::lround(rung.maxrate_kbps * options.bufsize_factor));
  rung.audio_bitrate_kbps = has_audio ? audio_kbps : 0;

  rung.h264_profile = options.preset == "ultrafast" ? "baseline" : "high";
  rung.h264_level = h264_level_for(rung.width, rung.height, fps.value(), rung.maxrate_kbps, rung.bufsize_kbps);
  rung.codecs = h264_codecs_string(options.preset, rung.h264_level);
  if (has_audio) rung.codecs += ",mp4a.40.2";
  return rung;
}

}  // namespace

int h264_level_for(int width, int height, double fps, int maxrate_kbps, int bufsize_kbps) {
  long width_mbs = (width + 15) / 16;
  long height_mbs = (height + 15) / 16;
  long frame_mbs = width_mbs * height_mbs;
  double mbs_per_second = frame_mbs * fps;
  for (const H264Level& level : kLevels) {
    long max_side_mbs = static_cast<long>(std::sqrt(level.max_frame_macroblocks * 8.0));
    if (frame_mbs <= level.max_frame_macroblocks && width_mbs <= max_side_mbs && height_mbs <= max_side_mbs &&
        mbs_per_second <= level.max_macroblocks_per_second && maxrate_kbps <= level.max_bitrate_kbps &&
        bufsize_kbps <= level.max_cpb_kbits) {
      return level.idc;
    }
  }
  return kLevels[std::size(kLevels) - 1].idc;
}

std::string h264_codecs_string(const std::string& preset, int level_idc) {
  char text[32];
  // profile_idc, constraint flags, level_idc: High 0x64/0x00; ultrafast's Constrained
  // Baseline 0x42 with constraint_set0 and constraint_set1 (0xc0).
  std::snprintf(text, sizeof text, preset == "ultrafast" ? "avc1.42c0%02x" : "avc1.6400%02x", level_idc & 0xff);
  return text;
}

Rational capped_frame_rate(Rational source, int max_fps) {
  if (!source.valid()) return {30, 1};
  if (source.value() <= max_fps + 1e-9) return source;
  long long divisor = static_cast<long long>(std::ceil(source.value() / max_fps - 1e-9));
  long long num = source.num, den = static_cast<long long>(source.den) * divisor;
  long long common = std::gcd(num, den);
  return {static_cast<int>(num / common), static_cast<int>(den / common)};
}

LadderPlan plan_ladder(const MediaInfo& info, const LadderOptions& options) {
  LadderPlan plan;
  plan.duration_ms = info.duration_ms;
  plan.video_duration_ms = info.video.duration_ms > 0 ? info.video.duration_ms : info.duration_ms;
  plan.video_stream_index = info.video.stream_index;
  plan.segment_seconds = options.segment_seconds;
  plan.first_segment_seconds = options.first_segment_seconds > 0
                                   ? std::min(options.first_segment_seconds, options.segment_seconds)
                                   : options.segment_seconds;
  plan.crf = options.crf;
  plan.preset = options.preset;
  plan.source_bit_depth = info.video.bit_depth;
  plan.fps = capped_frame_rate(frame_rate_for_plan(info.video), options.max_fps);

  int audio_kbps = 0;
  if (info.audio) {
    AudioPlan audio;
    audio.stream_index = info.audio->stream_index;
    audio.channels = std::clamp(info.audio->channels, 1, 2);
    audio.bitrate_kbps = audio.channels >= 2 ? options.audio_kbps_stereo : options.audio_kbps_mono;
    audio.sample_rate = info.audio->sample_rate == 44100 ? 44100 : 48000;
    audio_kbps = audio.bitrate_kbps;
    plan.audio = audio;
  }

  const int display_width = std::max(2, info.video.display_width);
  const int display_height = std::max(2, info.video.display_height);
  const bool portrait = display_height > display_width;
  const int source_short = std::min(display_width, display_height);
  const int source_long = std::max(display_width, display_height);
  const double aspect = standard_aspect_or(static_cast<double>(source_long) / source_short);

  std::vector<int> rungs = options.rung_short_sides;
  std::sort(rungs.rbegin(), rungs.rend());
  for (int rung_short : rungs) {
    int short_px = 0;
    if (source_short >= rung_short) {
      short_px = rung_short;
    } else if (source_short >= rung_short * (1.0 - options.rung_tolerance)) {
      short_px = even_floor(source_short);
    } else {
      continue;
    }
    int long_px = std::min(even_round(short_px * aspect), even_floor(source_long));
    bool duplicate = std::any_of(plan.rungs.begin(), plan.rungs.end(), [&](const Rung& existing) {
      return std::min(existing.width, existing.height) == short_px;
    });
    if (duplicate) continue;
    plan.rungs.push_back(make_rung(rung_short, short_px, long_px, portrait, plan.fps, options, audio_kbps,
                                   plan.audio.has_value()));
  }
  if (plan.rungs.empty()) {
    int short_px = even_floor(source_short);
    int long_px = even_floor(source_long);
    plan.rungs.push_back(make_rung(short_px, short_px, long_px, portrait, plan.fps, options, audio_kbps,
                                   plan.audio.has_value()));
  }
  return plan;
}

}  // namespace marquee::media
