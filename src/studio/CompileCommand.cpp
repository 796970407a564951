#include "studio/CompileCommand.h"

#include <algorithm>
#include <charconv>

namespace marquee::studio {
namespace {

std::string seconds(std::int64_t ms) {
  char text[32];
  const auto end = std::to_chars(text, text + sizeof text, static_cast<double>(ms) / 1000.0,
                                 std::chars_format::fixed, 3).ptr;
  return std::string(text, end);
}

// 0…100 as the volume filter's factor: 50 → "0.50".
std::string fraction(int percent) {
  char text[16];
  const auto end = std::to_chars(text, text + sizeof text, std::clamp(percent, 0, 100) / 100.0,
                                 std::chars_format::fixed, 2).ptr;
  return std::string(text, end);
}

std::int64_t overlap_ms(const CompileRecipe& recipe) {
  return recipe.transition == "cut" || recipe.clips.size() < 2 ? 0 : recipe.transition_ms;
}

}  // namespace

const std::vector<std::string>& transition_names() {
  static const std::vector<std::string> names{
      "cut",        "fade",       "dissolve",   "fadeblack",  "fadewhite",  "wipeleft",   "wiperight",
      "wipeup",     "wipedown",   "slideleft",  "slideright", "slideup",    "slidedown",  "circleopen",
      "circleclose", "circlecrop", "rectcrop",  "radial",     "smoothleft", "smoothright", "smoothup",
      "smoothdown", "pixelize",   "distance",   "hblur",      "zoomin"};
  return names;
}

bool is_transition(std::string_view name) {
  const auto& names = transition_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

std::int64_t compiled_duration_ms(const CompileRecipe& recipe) {
  std::int64_t total = 0;
  for (const auto& clip : recipe.clips) total += clip.duration_ms;
  return total - overlap_ms(recipe) * static_cast<std::int64_t>(recipe.clips.size() > 0 ? recipe.clips.size() - 1 : 0);
}

std::string compile_filter(const CompileRecipe& recipe) {
  const std::string w = std::to_string(recipe.width);
  const std::string h = std::to_string(recipe.height);
  const std::size_t n = recipe.clips.size();
  std::string graph;
  // Each clip: fitted inside the frame (padded if its shape differs), the project's rate,
  // one pixel format and time base.
  for (std::size_t i = 0; i < n; ++i) {
    graph += "[" + std::to_string(i) + ":v]scale=" + w + ":" + h + ":force_original_aspect_ratio=decrease,pad=" + w +
             ":" + h + ":(ow-iw)/2:(oh-ih)/2,setsar=1,fps=" + std::to_string(recipe.frame_rate) +
             ",format=yuv420p,trim=duration=" + seconds(recipe.clips[i].duration_ms) +
             ",setpts=PTS-STARTPTS,settb=AVTB[v" + std::to_string(i) + "];";
  }
  std::string last = "[v0]";
  if (n > 1 && recipe.transition == "cut") {
    for (std::size_t i = 1; i < n; ++i) last += "[v" + std::to_string(i) + "]";
    graph += last + "concat=n=" + std::to_string(n) + ":v=1:a=0[vout];";
  } else {
    std::int64_t offset = 0;
    for (std::size_t i = 1; i < n; ++i) {
      offset += recipe.clips[i - 1].duration_ms - recipe.transition_ms;
      const std::string out = i + 1 == n ? "[vout]" : "[x" + std::to_string(i) + "]";
      graph += last + "[v" + std::to_string(i) + "]xfade=transition=" + recipe.transition +
               ":duration=" + seconds(recipe.transition_ms) + ":offset=" + seconds(offset) + out + ";";
      last = out;
    }
    if (n == 1) graph += "[v0]null[vout];";
  }
  const std::int64_t total = compiled_duration_ms(recipe);
  const std::string length = seconds(total);
  if (recipe.music_path.empty()) {
    graph += "anullsrc=r=48000:cl=stereo,atrim=duration=" + length + "[aout]";
  } else {
    const std::int64_t fade = std::min(recipe.fade_out_ms, total);
    graph += "[" + std::to_string(n) + ":a]aresample=48000,aformat=channel_layouts=stereo,atrim=duration=" + length +
             ",asetpts=PTS-STARTPTS,volume=" + fraction(recipe.music_volume);
    if (fade > 0) graph += ",afade=t=out:st=" + seconds(total - fade) + ":d=" + seconds(fade);
    graph += "[aout]";
  }
  return graph;
}

std::vector<std::string> compile_command(const CompileRecipe& recipe) {
  std::vector<std::string> argv{"ffmpeg", "-nostdin", "-v", "error", "-y", "-protocol_whitelist", "file"};
  for (const auto& clip : recipe.clips) argv.insert(argv.end(), {"-i", "file:" + clip.path});
  if (!recipe.music_path.empty()) argv.insert(argv.end(), {"-stream_loop", "-1", "-i", "file:" + recipe.music_path});
  argv.insert(argv.end(), {"-filter_complex", compile_filter(recipe), "-map", "[vout]", "-map", "[aout]",
                           "-c:v", "libx264", "-preset", recipe.preset, "-crf", std::to_string(recipe.crf),
                           "-profile:v", "high", "-pix_fmt", "yuv420p", "-r", std::to_string(recipe.frame_rate),
                           "-c:a", "aac", "-b:a", "160k", "-ar", "48000",
                           "-t", seconds(compiled_duration_ms(recipe)), "-movflags", "+faststart",
                           "-progress", "pipe:1", "-nostats", "-f", "mp4", "file:" + recipe.output_path});
  return argv;
}

}  // namespace marquee::studio
