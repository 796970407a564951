#include "media/Transcoder.h"

#include "media/AtomicFile.h"
#include "media/ChildProcess.h"
#include "media/HlsCommand.h"
#include "media/InitSegment.h"
#include "media/MasterPlaylist.h"
#include "media/MediaPlaylist.h"
#include "media/ProgressParser.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <filesystem>
#include <system_error>

namespace marquee::media {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;

struct RenditionDir {
  std::string name;
  const Rung* rung = nullptr;  // null for audio
};

std::vector<RenditionDir> rendition_dirs(const LadderPlan& plan) {
  std::vector<RenditionDir> dirs;
  for (const Rung& rung : plan.rungs) dirs.push_back({rung.name, &rung});
  if (plan.audio) dirs.push_back({kAudioRenditionName, nullptr});
  return dirs;
}

bool has_first_segment(const fs::path& out_dir, const RenditionDir& dir) {
  auto playlist = read_media_playlist(out_dir / rendition_playlist_path(dir.name));
  if (!playlist || playlist->segments.empty()) return false;
  std::error_code error;
  fs::path folder = out_dir / dir.name;
  return fs::exists(folder / playlist->segments.front().uri, error) &&
         (playlist->map_uri.empty() || fs::exists(folder / playlist->map_uri, error));
}

std::string video_codecs(const fs::path& out_dir, const Rung& rung, const MediaPlaylist* playlist) {
  if (playlist && !playlist->map_uri.empty()) {
    if (auto codecs = read_avc_codecs(out_dir / rung.name / playlist->map_uri)) return *codecs;
  }
  return rung.codecs.substr(0, rung.codecs.find(','));
}

// Planned figures, for the master published while the encode is still running.
std::string planned_master(const fs::path& out_dir, const LadderPlan& plan) {
  std::int64_t audio_bps = plan.audio ? plan.audio->bitrate_kbps * 1000LL : 0;
  std::vector<VariantStream> variants;
  for (const Rung& rung : plan.rungs) {
    auto playlist = read_media_playlist(out_dir / rendition_playlist_path(rung.name));
    VariantStream variant;
    variant.uri = rendition_playlist_path(rung.name);
    variant.bandwidth_bps = rung.maxrate_kbps * 1000LL + audio_bps;
    variant.average_bandwidth_bps = rung.video_bitrate_kbps * 1000LL + audio_bps;
    variant.width = rung.width;
    variant.height = rung.height;
    variant.frame_rate = rung.fps.value();
    variant.codecs = video_codecs(out_dir, rung, playlist ? &*playlist : nullptr);
    if (plan.audio) variant.codecs += "," + plan.audio->codecs;
    variants.push_back(variant);
  }
  std::optional<AudioRendition> audio;
  if (plan.audio) audio = AudioRendition{rendition_playlist_path(kAudioRenditionName), "audio", "Default", plan.audio->channels};
  return render_master_playlist(variants, audio, pick_start_variant(variants));
}

void remove_output(const fs::path& out_dir, bool created_by_us) {
  std::error_code ignored;
  if (created_by_us) {
    fs::remove_all(out_dir, ignored);
    return;
  }
  for (const auto& entry : fs::directory_iterator(out_dir, ignored)) fs::remove_all(entry.path(), ignored);
}

void remove_temp_files(const fs::path& out_dir) {
  std::error_code ignored;
  std::vector<fs::path> leftovers;
  for (auto it = fs::recursive_directory_iterator(out_dir, ignored); it != fs::recursive_directory_iterator();
       it.increment(ignored)) {
    if (it->path().extension() == ".tmp") leftovers.push_back(it->path());
  }
  for (const auto& path : leftovers) fs::remove(path, ignored);
}

// Error messages and details may reach people who should not learn server paths.
std::string without_paths(std::string text, const std::string& source, const std::string& out_dir) {
  for (const auto& [path, stand_in] : {std::pair{source, "<source>"}, std::pair{out_dir, "<output>"}}) {
    if (path.empty()) continue;
    for (auto at = text.find(path); at != std::string::npos; at = text.find(path, at + std::strlen(stand_in))) {
      text.replace(at, path.size(), stand_in);
    }
  }
  return text;
}

[[noreturn]] void fail(const std::string& reason, const std::string& message, const ChildResult* result = nullptr,
                       const std::string& source = {}, const std::string& out_dir = {}) {
  std::map<std::string, std::string> details{{"reason", reason}};
  if (result) details["stderr_tail"] = without_paths(result->stderr_tail, source, out_dir);
  throw Error(ErrorCode::unprocessable, without_paths(message, source, out_dir), std::move(details));
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", seconds);
  return text;
}

TranscodeResult finish(const fs::path& out_dir, const LadderPlan& plan, const TranscodeOptions& options) {
  TranscodeResult result;
  result.master_playlist = kMasterPlaylistName;
  std::vector<VariantStream> variants;
  std::optional<RenditionBandwidth> audio_bandwidth;
  std::optional<MediaPlaylist> audio_playlist;
  if (plan.audio) {
    audio_playlist = read_media_playlist(out_dir / rendition_playlist_path(kAudioRenditionName));
    if (!audio_playlist || !audio_playlist->ended || audio_playlist->segments.empty()) {
      fail("incomplete", "ffmpeg finished without completing the audio rendition");
    }
    audio_bandwidth = measure_bandwidth(*audio_playlist, out_dir / kAudioRenditionName);
    RenditionOutput audio;
    audio.name = kAudioRenditionName;
    audio.playlist = rendition_playlist_path(kAudioRenditionName);
    audio.segments = audio_playlist->segments.size();
    audio.duration_s = audio_playlist->duration_s();
    audio.bytes = audio_bandwidth->bytes;
    audio.average_bandwidth_bps = audio_bandwidth->average_bps;
    audio.peak_bandwidth_bps = audio_bandwidth->peak_bps;
    audio.codecs = plan.audio->codecs;
    result.audio = audio;
  }

  for (const Rung& rung : plan.rungs) {
    auto playlist = read_media_playlist(out_dir / rendition_playlist_path(rung.name));
    if (!playlist || !playlist->ended || playlist->segments.empty()) {
      fail("incomplete", "ffmpeg finished without completing the " + rung.name + " rendition");
    }
    RenditionBandwidth bandwidth = measure_bandwidth(*playlist, out_dir / rung.name);
    RenditionOutput output;
    output.name = rung.name;
    output.playlist = rendition_playlist_path(rung.name);
    output.width = rung.width;
    output.height = rung.height;
    output.segments = playlist->segments.size();
    output.duration_s = playlist->duration_s();
    output.bytes = bandwidth.bytes;
    output.average_bandwidth_bps = bandwidth.average_bps;
    output.peak_bandwidth_bps = bandwidth.peak_bps;
    output.codecs = video_codecs(out_dir, rung, &*playlist);
    result.duration_s = std::max(result.duration_s, output.duration_s);

    VariantStream variant;
    variant.uri = output.playlist;
    variant.bandwidth_bps = bandwidth.peak_bps + (audio_bandwidth ? audio_bandwidth->peak_bps : 0);
    variant.average_bandwidth_bps = bandwidth.average_bps + (audio_bandwidth ? audio_bandwidth->average_bps : 0);
    variant.width = rung.width;
    variant.height = rung.height;
    variant.frame_rate = rung.fps.value();
    variant.codecs = output.codecs + (plan.audio ? "," + plan.audio->codecs : "");
    variants.push_back(variant);
    result.renditions.push_back(std::move(output));
  }

  double expected_s = plan.video_duration_ms / 1000.0;
  if (result.duration_s < expected_s * options.min_complete_fraction - 1.0) {
    fail("incomplete", "The video stops early: only " + seconds_text(result.duration_s) + " of " +
                           seconds_text(expected_s) + " seconds could be decoded. The file may be truncated.");
  }

  std::optional<AudioRendition> audio;
  if (plan.audio) audio = AudioRendition{rendition_playlist_path(kAudioRenditionName), "audio", "Default", plan.audio->channels};
  write_file_atomically(out_dir / kMasterPlaylistName,
                        render_master_playlist(variants, audio, pick_start_variant(variants)));
  remove_temp_files(out_dir);
  return result;
}

}  // namespace

double ladder_cost(const LadderPlan& plan) {
  double pixels_per_second = 0;
  for (const Rung& rung : plan.rungs) pixels_per_second += static_cast<double>(rung.width) * rung.height * rung.fps.value();
  return std::max(1.0, pixels_per_second / (1920.0 * 1080.0 * 30.0));
}

TranscodeResult transcode(const std::string& source, const std::string& out_dir, const LadderPlan& plan,
                          const TranscodeOptions& options) {
  const auto started = SteadyClock::now();
  const fs::path out_path(out_dir);
  std::error_code error;
  bool created_by_us = !fs::exists(out_path, error);
  if (!created_by_us && !fs::is_empty(out_path, error)) {
    throw Error(ErrorCode::internal, "transcode output directory is not empty: " + out_dir);
  }
  fs::create_directories(out_path, error);
  if (error) throw Error(ErrorCode::internal, "cannot create " + out_dir + ": " + error.message());

  HlsCommandOptions command_options;
  command_options.ffmpeg_path = options.ffmpeg_path;
  command_options.images = options.images;
  command_options.fingerprint_luma_path = options.fingerprint_luma_path;
  std::vector<std::string> argv = build_hls_command(source, out_dir, plan, command_options);

  const std::vector<RenditionDir> dirs = rendition_dirs(plan);
  ProgressParser progress(plan.duration_ms);
  int reported_percent = -1;
  bool first_segments_done = false;
  TranscodeResult result;

  auto announce_first_segments = [&](bool encoding) {
    first_segments_done = true;
    result.first_segments_after = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started);
    result.first_segments_while_encoding = encoding;
    if (options.on_first_segments) options.on_first_segments();
  };
  auto report = [&](int percent) {
    if (percent <= reported_percent) return;
    reported_percent = percent;
    if (options.on_progress) options.on_progress(percent);
  };

  ChildOptions child_options;
  double timeout_ms = std::max<double>(static_cast<double>(options.min_timeout.count()),
                                       options.timeout_factor * static_cast<double>(plan.duration_ms) * ladder_cost(plan));
  child_options.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout_ms));
  child_options.kill_grace = options.kill_grace;
  child_options.poll_interval = options.poll_interval;
  child_options.batch_scheduling = true;
  child_options.should_cancel = options.should_cancel;
  child_options.on_stdout_line = [&](std::string_view line) {
    if (auto percent = progress.feed_line(line)) report(std::min(*percent, 99));
  };
  ChildProcess* running = nullptr;
  bool stalled = false;
  std::int64_t last_position_us = -1;
  auto last_advance = SteadyClock::now();
  // What the first rendition's growing playlist has published, read every half second.
  const fs::path progress_playlist = out_path / rendition_playlist_path(plan.rungs.front().name);
  auto last_playlist_read = SteadyClock::now();
  child_options.on_tick = [&] {
    auto now = SteadyClock::now();
    if (now - last_playlist_read >= std::chrono::milliseconds(500)) {
      last_playlist_read = now;
      if (auto published = read_media_playlist(progress_playlist)) {
        auto position_us = static_cast<std::int64_t>(published->duration_s() * 1e6);
        if (auto percent = progress.feed_position_us(position_us)) report(std::min(*percent, 99));
      }
    }
    if (progress.out_time_us() > last_position_us) {
      last_position_us = progress.out_time_us();
      last_advance = now;
    } else if (!stalled && running && options.stall_timeout.count() > 0 && now - last_advance > options.stall_timeout) {
      stalled = true;
      running->kill();
    }
    if (first_segments_done) return;
    bool all_ready = std::all_of(dirs.begin(), dirs.end(), [&](const RenditionDir& dir) { return has_first_segment(out_path, dir); });
    if (!all_ready) return;
    write_file_atomically(out_path / kMasterPlaylistName, planned_master(out_path, plan));
    announce_first_segments(true);
  };

  try {
    report(0);
    ChildResult outcome;
    {
      ChildProcess ffmpeg(argv, std::move(child_options));
      running = &ffmpeg;
      outcome = ffmpeg.wait();
      running = nullptr;
    }
    if (stalled) {
      fail("stalled", "Transcoding stopped making progress for " +
                          std::to_string(options.stall_timeout.count() / 1000) + " seconds and was stopped.",
           &outcome, source, out_dir);
    }
    if (outcome.cancelled) throw TranscodeCancelled();
    if (outcome.timed_out) {
      fail("timeout", "Transcoding took longer than " + std::to_string(outcome.elapsed.count() / 1000) +
                          " seconds and was stopped.",
           &outcome, source, out_dir);
    }
    if (!outcome.succeeded()) {
      std::string cause = outcome.last_stderr_line();
      fail("ffmpeg_failed", "Transcoding failed (" + outcome.describe() + ")" + (cause.empty() ? "" : ": " + cause),
           &outcome, source, out_dir);
    }
    TranscodeResult finished = finish(out_path, plan, options);
    if (!first_segments_done) announce_first_segments(false);
    finished.first_segments_after = result.first_segments_after;
    finished.first_segments_while_encoding = result.first_segments_while_encoding;
    result = std::move(finished);
  } catch (...) {
    remove_output(out_path, created_by_us);
    throw;
  }
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - started);
  report(100);
  return result;
}

}  // namespace marquee::media
