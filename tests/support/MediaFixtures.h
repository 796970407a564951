#pragma once
// Media for tests, generated with ffmpeg's lavfi sources at test time (nothing committed).
#include <string>

namespace marquee::testing {

// A clip of `seconds` of testsrc2 at WxH with a sine tone (or silent when !audio).
// Returns its path under dir. Throws when ffmpeg fails.
std::string make_clip(const std::string& dir, const std::string& name, int width, int height, double seconds,
                      bool audio = true);
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& bytes);

}  // namespace marquee::testing
