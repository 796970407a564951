#include "media/InitSegment.h"

#include <cstdio>
#include <fstream>

namespace marquee::media {
namespace {

// An init segment is a few hundred bytes; anything far larger is not one.
constexpr std::streamsize kMaxInitBytes = 1 << 20;

}  // namespace

std::optional<std::string> avc_codecs_from_bytes(std::string_view mp4_bytes) {
  auto box = mp4_bytes.find("avcC");
  // avcC payload: configurationVersion (1), AVCProfileIndication, profile_compatibility, AVCLevelIndication.
  if (box == std::string_view::npos || box + 8 > mp4_bytes.size()) return std::nullopt;
  auto byte = [&](std::size_t offset) { return static_cast<unsigned>(static_cast<unsigned char>(mp4_bytes[box + offset])); };
  if (byte(4) != 1) return std::nullopt;
  char text[32];
  std::snprintf(text, sizeof text, "avc1.%02x%02x%02x", byte(5), byte(6), byte(7));
  return std::string(text);
}

std::optional<std::string> read_avc_codecs(const std::filesystem::path& init_segment) {
  std::ifstream file(init_segment, std::ios::binary);
  if (!file) return std::nullopt;
  std::string bytes(static_cast<std::size_t>(kMaxInitBytes), '\0');
  file.read(bytes.data(), kMaxInitBytes);
  bytes.resize(static_cast<std::size_t>(file.gcount()));
  return avc_codecs_from_bytes(bytes);
}

}  // namespace marquee::media
