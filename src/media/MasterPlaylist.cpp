#include "media/MasterPlaylist.h"

#include <cstdio>

namespace marquee::media {
namespace {

std::string stream_inf(const VariantStream& variant, const std::optional<AudioRendition>& audio) {
  char frame_rate[32];
  std::snprintf(frame_rate, sizeof frame_rate, "%.3f", variant.frame_rate);
  std::string line = "#EXT-X-STREAM-INF:BANDWIDTH=" + std::to_string(variant.bandwidth_bps) +
                     ",AVERAGE-BANDWIDTH=" + std::to_string(variant.average_bandwidth_bps) +
                     ",RESOLUTION=" + std::to_string(variant.width) + "x" + std::to_string(variant.height) +
                     ",CODECS=\"" + variant.codecs + "\",FRAME-RATE=" + frame_rate;
  if (audio) line += ",AUDIO=\"" + audio->group_id + "\"";
  return line + "\n" + variant.uri + "\n";
}

}  // namespace

std::size_t pick_start_variant(const std::vector<VariantStream>& variants, std::int64_t start_bandwidth_bps) {
  for (std::size_t i = 0; i < variants.size(); ++i) {
    if (variants[i].average_bandwidth_bps <= start_bandwidth_bps) return i;
  }
  return variants.empty() ? 0 : variants.size() - 1;
}

std::string render_master_playlist(const std::vector<VariantStream>& variants,
                                   const std::optional<AudioRendition>& audio, std::size_t start_index) {
  std::string text = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n";
  if (audio) {
    text += "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"" + audio->group_id + "\",NAME=\"" + audio->name +
            "\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"" + std::to_string(audio->channels) + "\",URI=\"" +
            audio->uri + "\"\n";
  }
  if (start_index < variants.size()) text += stream_inf(variants[start_index], audio);
  for (std::size_t i = 0; i < variants.size(); ++i) {
    if (i != start_index) text += stream_inf(variants[i], audio);
  }
  return text;
}

}  // namespace marquee::media
