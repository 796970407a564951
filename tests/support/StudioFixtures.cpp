#include "support/StudioFixtures.h"

#include <boost/json.hpp>

#include <atomic>
#include <filesystem>

#include <unistd.h>

#include "support/MediaFixtures.h"
#include "support/RunCommand.h"

namespace marquee::testing {

std::string temp_dir() {
  // One root per test process, removed when it exits.
  struct Root {
    std::filesystem::path path = std::filesystem::temp_directory_path() / ("marquee-studio-" + std::to_string(::getpid()));
    ~Root() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  };
  static Root root;
  static std::atomic<int> n{0};
  auto dir = root.path / std::to_string(++n);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string make_image(const std::string& source, int width, int height, const std::string& extension) {
  const std::string path = temp_dir() + "/photo." + extension;
  const std::string separator = source.find('=') == std::string::npos ? "=" : ":";
  const auto result = run_command("ffmpeg -v error -y -f lavfi -i '" + source + separator + "s=" +
                                  std::to_string(width) + "x" + std::to_string(height) + "' -frames:v 1 '" + path +
                                  "' 2>&1");
  if (result.exit_code != 0) throw std::runtime_error("ffmpeg: " + result.output);
  return read_file(path);
}

std::string with_exif(const std::string& jpeg, int orientation, const std::string& comment) {
  std::string tiff("II*\0\x08\0\0\0", 8);
  tiff += std::string("\x01\x00", 2);                           // one entry
  tiff += std::string("\x12\x01\x03\x00\x01\x00\x00\x00", 8);   // 0x0112, SHORT, count 1
  tiff += static_cast<char>(orientation);
  tiff += std::string("\0\0\0\0\0\0\0", 7);                     // value padding, next IFD 0
  const std::string exif = std::string("Exif\0\0", 6) + tiff;
  auto segment = [](unsigned char marker, const std::string& body) {
    const std::size_t length = body.size() + 2;
    return std::string{'\xFF', static_cast<char>(marker), static_cast<char>(length >> 8), static_cast<char>(length & 0xFF)} +
           body;
  };
  return jpeg.substr(0, 2) + segment(0xE1, exif) + segment(0xFE, comment) + jpeg.substr(2);
}

Probed probe(const std::string& bytes) {
  const std::string path = temp_dir() + "/probe.bin";
  write_file(path, bytes);
  const auto result = run_command("ffprobe -v error -count_frames -select_streams v:0 -show_entries "
                                  "stream=codec_name,width,height,duration,nb_read_frames -of json '" + path + "'");
  const auto doc = boost::json::parse(result.output).as_object();
  const auto& stream = doc.at("streams").as_array().at(0).as_object();
  Probed p;
  p.codec = stream.at("codec_name").as_string().c_str();
  p.width = static_cast<int>(stream.at("width").to_number<std::int64_t>());
  p.height = static_cast<int>(stream.at("height").to_number<std::int64_t>());
  if (const auto* d = stream.if_contains("duration")) p.duration_s = std::stod(std::string(d->as_string()));
  p.frames = std::stoll(std::string(stream.at("nb_read_frames").as_string()));
  return p;
}

int darkest_luma(const std::string& bytes) {
  const std::string path = temp_dir() + "/clip.mp4";
  write_file(path, bytes);
  const auto result = run_command("ffmpeg -v error -i '" + path +
                                  "' -vf signalstats,metadata=print:key=lavfi.signalstats.YMIN:file=- -f null - 2>&1");
  int darkest = 255;
  std::size_t at = 0;
  const std::string key = "lavfi.signalstats.YMIN=";
  while ((at = result.output.find(key, at)) != std::string::npos) {
    at += key.size();
    darkest = std::min(darkest, std::stoi(result.output.substr(at)));
  }
  return darkest;
}

std::string make_tone(double seconds, const std::string& extension) {
  const std::string path = temp_dir() + "/tone." + extension;
  const std::string codec = extension == "mp3" ? "libmp3lame" : extension == "m4a" ? "aac" : "pcm_s16le";
  const auto result = run_command("ffmpeg -v error -y -f lavfi -i 'sine=frequency=440:sample_rate=48000' -t " +
                                  std::to_string(seconds) + " -ac 2 -c:a " + codec + " '" + path + "' 2>&1");
  if (result.exit_code != 0) throw std::runtime_error("ffmpeg: " + result.output);
  return read_file(path);
}

double mean_volume_db(const std::string& bytes) {
  const std::string path = temp_dir() + "/audio.mp4";
  write_file(path, bytes);
  const auto result = run_command("ffmpeg -v info -i '" + path + "' -vn -af volumedetect -f null - 2>&1");
  const std::string key = "mean_volume: ";
  const auto at = result.output.find(key);
  if (at == std::string::npos) throw std::runtime_error("no volumedetect output: " + result.output);
  return std::stod(result.output.substr(at + key.size()));
}

std::string audio_codec(const std::string& bytes) {
  const std::string path = temp_dir() + "/audio-probe.mp4";
  write_file(path, bytes);
  const auto result = run_command("ffprobe -v error -select_streams a:0 -show_entries stream=codec_name -of csv=p=0 '" +
                                  path + "'");
  std::string codec = result.output;
  while (!codec.empty() && (codec.back() == '\n' || codec.back() == '\r')) codec.pop_back();
  return codec;
}

}  // namespace marquee::testing
