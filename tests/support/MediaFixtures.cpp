#include "support/MediaFixtures.h"

#include "core/Crypto.h"
#include "support/TestServer.h"

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

std::string tus_upload(const TestClient& client, const std::string& access_token, const std::string& bytes,
                       const std::string& visibility) {
  const std::string metadata =
      "filename " + crypto::base64_encode("clip.mp4") + ",visibility " + crypto::base64_encode(visibility);
  auto r = client.request("POST", "/api/uploads", bytes,
                          {{"Tus-Resumable", "1.0.0"},
                           {"Authorization", "Bearer " + access_token},
                           {"Upload-Length", std::to_string(bytes.size())},
                           {"Upload-Metadata", metadata},
                           {"Content-Type", "application/offset+octet-stream"}});
  if (r.status != 201) throw std::runtime_error("upload failed: " + r.body);
  return std::string(*r.headers.get("Marquee-Video-Id"));
}

}  // namespace marquee::testing
