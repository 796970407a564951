#pragma once
// Photos, audio and probes for the studio's tests, made and read with ffmpeg at test time.
#include <cstdint>
#include <string>

namespace marquee::testing {

// A fresh directory under the system's temp dir.
std::string temp_dir();
// An image made by ffmpeg: `source` is a lavfi source ("testsrc2", "color=c=gray").
std::string make_image(const std::string& source, int width, int height, const std::string& extension);
// `seconds` of a sine tone at full scale, as `extension` (mp3, m4a, wav).
std::string make_tone(double seconds, const std::string& extension);
// The JPEG with an EXIF block (orientation) and a comment spliced in after its SOI marker.
std::string with_exif(const std::string& jpeg, int orientation, const std::string& comment);

struct Probed {
  std::string codec;
  int width = 0;
  int height = 0;
  double duration_s = 0;
  std::int64_t frames = 0;
};
// The first video stream's facts (frames counted).
Probed probe(const std::string& bytes);
// The darkest luma of any pixel of any frame of the video.
int darkest_luma(const std::string& bytes);
// ffmpeg volumedetect's mean volume of the file's audio, in dB.
double mean_volume_db(const std::string& bytes);
// The codec of the first audio stream ("" when none).
std::string audio_codec(const std::string& bytes);

}  // namespace marquee::testing
