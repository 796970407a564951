#pragma once
// Media for tests, generated with ffmpeg's lavfi sources at test time (nothing committed).
#include <string>

namespace marquee::testing {

class TestClient;

// A clip of `seconds` of testsrc2 at WxH with a sine tone (or silent when !audio).
// Returns its path under dir. Throws when ffmpeg fails.
std::string make_clip(const std::string& dir, const std::string& name, int width, int height, double seconds,
                      bool audio = true);
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& bytes);

// Uploads `bytes` in one tus request as the holder of `access_token` and returns the new
// video's id. Throws when the server does not answer 201.
std::string tus_upload(const TestClient& client, const std::string& access_token, const std::string& bytes,
                       const std::string& visibility = "public");

}  // namespace marquee::testing
