#include "media/HlsCommand.h"

#include "core/Error.h"

#include <algorithm>
#include <cmath>

namespace marquee::media {
namespace {

std::string level_text(int level_idc) {
  return std::to_string(level_idc / 10) + "." + std::to_string(level_idc % 10);
}

std::string kbps(int value) { return std::to_string(value) + "k"; }

}  // namespace

std::string rendition_playlist_path(const std::string& rendition_name) {
  return rendition_name + "/" + kMediaPlaylistName;
}

std::string build_ladder_filter_graph(const LadderPlan& plan, const ImagePlan* images, bool fingerprint) {
  const std::size_t branches = plan.rungs.size() + (images ? 1 : 0) + (fingerprint ? 1 : 0);
  std::string graph = "[0:" + std::to_string(plan.video_stream_index) + "]fps=" + plan.fps.to_string() +
                      ",split=" + std::to_string(branches);
  for (std::size_t i = 0; i < branches; ++i) graph += "[s" + std::to_string(i) + "]";
  for (std::size_t i = 0; i < plan.rungs.size(); ++i) {
    const Rung& rung = plan.rungs[i];
    graph += ";[s" + std::to_string(i) + "]scale=" + std::to_string(rung.width) + ":" + std::to_string(rung.height) +
             ":flags=bicubic,setsar=1,format=yuv420p[v" + std::to_string(i) + "]";
  }
  if (images) graph += ";" + image_filter_graph(*images, "[s" + std::to_string(plan.rungs.size()) + "]");
  if (fingerprint) {
    graph += ";[s" + std::to_string(branches - 1) + "]fps=1,scale=128:128:flags=area,format=gray[fp_luma]";
  }
  return graph;
}

std::string keyframe_expression(const LadderPlan& plan) {
  const int segment = plan.segment_seconds;
  const int first = plan.first_segment_seconds > 0 ? std::min(plan.first_segment_seconds, segment) : segment;
  if (first == segment) return "expr:gte(t,n_forced*" + std::to_string(segment) + ")";
  // Forced keyframe n is at 0, first, 2·first, 4·first … while below segment, then at
  // segment, 2·segment …: `initial` keyframes come before the regular cadence.
  int initial = 1;
  for (int t = first; t < segment; t *= 2) ++initial;
  const std::string n = "n_forced";
  return "expr:gte(t,if(lt(" + n + "," + std::to_string(initial) + "),if(eq(" + n + ",0),0," + std::to_string(first) +
         "*pow(2," + n + "-1))," + std::to_string(segment) + "*(" + n + "-" + std::to_string(initial - 1) + ")))";
}

std::vector<std::string> build_hls_command(const std::string& source, const std::string& out_dir,
                                           const LadderPlan& plan, const HlsCommandOptions& options) {
  if (out_dir.find('%') != std::string::npos) {
    throw Error(ErrorCode::internal, "HLS output directory may not contain '%': " + out_dir);
  }
  if (plan.rungs.empty()) throw Error(ErrorCode::internal, "a ladder plan needs at least one rung");

  const int gop_frames = std::max(1, static_cast<int>(std::lround(plan.fps.value() * plan.segment_seconds)));
  const std::string segment = std::to_string(plan.segment_seconds);

  std::vector<std::string> args{options.ffmpeg_path, "-nostdin", "-hide_banner", "-loglevel", options.log_level,
                                "-y", "-protocol_whitelist", "file", "-i", "file:" + source,
                                "-filter_complex",
                                build_ladder_filter_graph(plan, options.images, !options.fingerprint_luma_path.empty())};
  // Image outputs first: every option between them and the HLS output name is the HLS output's.
  if (options.images) {
    std::vector<std::string> images = image_output_args(*options.images, out_dir);
    args.insert(args.end(), images.begin(), images.end());
  }

  if (!options.fingerprint_luma_path.empty()) {
    // Written frame by frame (-flush_packets): the check before the video first plays reads it.
    args.insert(args.end(), {"-map", "[fp_luma]", "-f", "rawvideo", "-pix_fmt", "gray", "-flush_packets", "1",
                             "file:" + options.fingerprint_luma_path});
  }

  std::string stream_map;
  for (std::size_t i = 0; i < plan.rungs.size(); ++i) {
    const Rung& rung = plan.rungs[i];
    const std::string v = ":v:" + std::to_string(i);
    args.insert(args.end(), {"-map", "[v" + std::to_string(i) + "]", "-c" + v, "libx264", "-profile" + v,
                             rung.h264_profile, "-level" + v, level_text(rung.h264_level), "-maxrate" + v,
                             kbps(rung.maxrate_kbps), "-bufsize" + v, kbps(rung.bufsize_kbps)});
    if (plan.crf) {
      args.insert(args.end(), {"-crf" + v, std::to_string(*plan.crf)});
    } else {
      args.insert(args.end(), {"-b" + v, kbps(rung.video_bitrate_kbps)});
    }
    if (!stream_map.empty()) stream_map += ' ';
    stream_map += "v:" + std::to_string(i) + (plan.audio ? ",agroup:audio" : "") + ",name:" + rung.name;
  }
  args.insert(args.end(), {"-preset", plan.preset, "-g", std::to_string(gop_frames), "-keyint_min",
                           std::to_string(gop_frames), "-sc_threshold", "0", "-force_key_frames",
                           keyframe_expression(plan)});

  if (plan.audio) {
    args.insert(args.end(), {"-map", "0:" + std::to_string(plan.audio->stream_index), "-c:a", "aac", "-b:a",
                             kbps(plan.audio->bitrate_kbps), "-ac", std::to_string(plan.audio->channels), "-ar",
                             std::to_string(plan.audio->sample_rate)});
    stream_map += std::string(" a:0,agroup:audio,name:") + kAudioRenditionName;
  }

  args.insert(args.end(), {"-map_metadata", "-1", "-map_chapters", "-1", "-max_muxing_queue_size", "4096",
                           "-f", "hls", "-hls_time", segment});
  if (plan.first_segment_seconds > 0 && plan.first_segment_seconds < plan.segment_seconds) {
    args.insert(args.end(), {"-hls_init_time", std::to_string(plan.first_segment_seconds)});
  }
  // ffmpeg 5.1 expands %v in the init segment's name only when there are two or more variant
  // streams: a one-rendition silent ladder would get a file literally named init_%v.mp4.
  const bool single_stream = plan.rungs.size() == 1 && !plan.audio;
  const std::string init_name = single_stream ? "init_" + plan.rungs.front().name + ".mp4" : "init_%v.mp4";
  args.insert(args.end(), {"-hls_list_size", "0", "-hls_segment_type", "fmp4",
                           "-hls_playlist_type", "event", "-hls_flags", "independent_segments+temp_file",
                           "-hls_fmp4_init_filename", init_name, "-hls_segment_filename",
                           out_dir + "/%v/seg_%05d.m4s", "-var_stream_map", stream_map, "-progress", "pipe:1",
                           "-nostats", "-stats_period", "0.5", out_dir + "/%v/" + kMediaPlaylistName});
  return args;
}

}  // namespace marquee::media
