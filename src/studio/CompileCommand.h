#pragma once
// The one ffmpeg run that compiles a project's clips into its final video: every clip
// normalised to the project's frame and rate first (xfade needs equal inputs: a provider's
// clip may differ), chained by xfade transitions, with the music looped or trimmed to the
// video's length, at the chosen volume, faded out at the end; or silence when there is no
// music, so every final video has the same streams. H.264/AAC in MP4 with faststart.
//
// A transition of d ms between clips overlaps them: the video lasts the sum of the clips
// less d for each join. The same recipe gives the same duration every time.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace marquee::studio {

// ffmpeg's xfade transitions a compile may use, and "cut" for none.
const std::vector<std::string>& transition_names();
bool is_transition(std::string_view name);

struct CompileInput {
  std::string path;
  std::int64_t duration_ms = 0;
};

struct CompileRecipe {
  std::vector<CompileInput> clips;
  int width = 1280;
  int height = 720;
  int frame_rate = 30;
  std::string transition = "fade";
  std::int64_t transition_ms = 500;
  std::string music_path;  // empty: silence
  int music_volume = 50;   // 0…100
  std::int64_t fade_out_ms = 2'000;
  std::string output_path;
  std::string preset = "veryfast";
  int crf = 20;
};

// The final video's length: the clips' lengths less the transitions' overlaps.
std::int64_t compiled_duration_ms(const CompileRecipe& recipe);
std::string compile_filter(const CompileRecipe& recipe);
// REQUIRES: at least one clip; transition_ms shorter than every clip.
std::vector<std::string> compile_command(const CompileRecipe& recipe);

}  // namespace marquee::studio
