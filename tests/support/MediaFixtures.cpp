#include "support/MediaFixtures.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace marquee::testing {

std::string make_clip(const std::string& dir, const std::string& name, int width, int height, double seconds,
                      bool audio) {
  std::string path = dir + "/" + name;
  std::ostringstream cmd;
  cmd << "ffmpeg -v error -y -f lavfi -i testsrc2=size=" << width << "x" << height << ":rate=25";
  if (audio) cmd << " -f lavfi -i sine=frequency=440:sample_rate=48000";
  cmd << " -t " << seconds << " -c:v libx264 -preset ultrafast -pix_fmt yuv420p";
  if (audio) cmd << " -c:a aac -shortest";
  cmd << " '" << path << "'";
  if (std::system(cmd.str().c_str()) != 0) throw std::runtime_error("ffmpeg failed: " + cmd.str());
  return path;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace marquee::testing
