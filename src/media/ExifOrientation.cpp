#include "media/ExifOrientation.h"

#include <cstdint>
#include <optional>

namespace marquee::media {
namespace {

constexpr std::uint16_t kOrientationTag = 0x0112;
constexpr std::uint16_t kShortType = 3;
constexpr int kMaxIfdEntries = 512;

std::optional<std::uint16_t> u16(std::string_view data, std::size_t at, bool little) {
  if (at > data.size() || data.size() - at < 2) return std::nullopt;
  const auto b0 = static_cast<unsigned char>(data[at]);
  const auto b1 = static_cast<unsigned char>(data[at + 1]);
  return static_cast<std::uint16_t>(little ? (b0 | b1 << 8) : (b0 << 8 | b1));
}

std::optional<std::uint32_t> u32(std::string_view data, std::size_t at, bool little) {
  const auto low = u16(data, little ? at : at + 2, little);
  const auto high = u16(data, little ? at + 2 : at, little);
  if (!low || !high) return std::nullopt;
  return static_cast<std::uint32_t>(*high) << 16 | *low;
}

std::uint32_t be32(std::string_view data, std::size_t at) { return u32(data, at, false).value_or(0); }
std::uint32_t le32(std::string_view data, std::size_t at) { return u32(data, at, true).value_or(0); }

// A JPEG's segments up to the image data: the APP1 segment that starts with "Exif\0\0".
int jpeg_orientation(std::string_view file) {
  std::size_t at = 2;  // after SOI
  while (at + 4 <= file.size()) {
    if (static_cast<unsigned char>(file[at]) != 0xFF) return 1;
    const auto marker = static_cast<unsigned char>(file[at + 1]);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xDA || marker == 0xD9) return 1;  // image data or the end: no EXIF before it
    const std::size_t length = u16(file, at + 2, false).value_or(0);
    if (length < 2 || at + 2 + length > file.size()) return 1;
    const std::string_view body = file.substr(at + 4, length - 2);
    if (marker == 0xE1 && body.substr(0, 6) == std::string_view("Exif\0\0", 6)) return tiff_orientation(body.substr(6));
    at += 2 + length;
  }
  return 1;
}

// A PNG's chunks before IDAT: eXIf.
int png_orientation(std::string_view file) {
  std::size_t at = 8;
  while (at + 12 <= file.size()) {
    const std::size_t length = be32(file, at);
    const std::string_view type = file.substr(at + 4, 4);
    if (length > file.size() - at - 12) return 1;
    if (type == "eXIf") return tiff_orientation(file.substr(at + 8, length));
    if (type == "IDAT" || type == "IEND") return 1;
    at += 12 + length;
  }
  return 1;
}

// A WebP's RIFF chunks: EXIF (whose body may still carry the JPEG-style "Exif\0\0" prefix).
int webp_orientation(std::string_view file) {
  std::size_t at = 12;
  while (at + 8 <= file.size()) {
    const std::size_t length = le32(file, at + 4);
    if (length > file.size() - at - 8) return 1;
    if (file.substr(at, 4) == "EXIF") {
      std::string_view body = file.substr(at + 8, length);
      if (body.substr(0, 6) == std::string_view("Exif\0\0", 6)) body.remove_prefix(6);
      return tiff_orientation(body);
    }
    at += 8 + length + (length & 1);  // chunks are padded to even sizes
  }
  return 1;
}

}  // namespace

int tiff_orientation(std::string_view tiff) {
  bool little;
  if (tiff.substr(0, 4) == std::string_view("II*\0", 4)) {
    little = true;
  } else if (tiff.substr(0, 4) == std::string_view("MM\0*", 4)) {
    little = false;
  } else {
    return 1;
  }
  const auto ifd = u32(tiff, 4, little);
  if (!ifd) return 1;
  const auto count = u16(tiff, *ifd, little);
  if (!count) return 1;
  const int entries = std::min<int>(*count, kMaxIfdEntries);
  for (int i = 0; i < entries; ++i) {
    const std::size_t entry = static_cast<std::size_t>(*ifd) + 2 + static_cast<std::size_t>(i) * 12;
    const auto tag = u16(tiff, entry, little);
    if (!tag) return 1;
    if (*tag != kOrientationTag) continue;
    const auto type = u16(tiff, entry + 2, little);
    const auto value = u16(tiff, entry + 8, little);
    if (type != kShortType || !value || *value < 1 || *value > 8) return 1;
    return *value;
  }
  return 1;
}

int exif_orientation(std::string_view file) {
  if (file.substr(0, 2) == "\xFF\xD8") return jpeg_orientation(file);
  if (file.substr(0, 8) == "\x89PNG\r\n\x1a\n") return png_orientation(file);
  if (file.size() >= 12 && file.substr(0, 4) == "RIFF" && file.substr(8, 4) == "WEBP") return webp_orientation(file);
  return 1;
}

const char* orientation_filter(int orientation) {
  switch (orientation) {
    case 2: return "hflip";
    case 3: return "hflip,vflip";
    case 4: return "vflip";
    case 5: return "transpose=0";  // transposed: rows become columns
    case 6: return "transpose=1";  // turned 90° clockwise to stand upright
    case 7: return "transpose=3";
    case 8: return "transpose=2";  // turned 90° counter-clockwise
    default: return "";
  }
}

}  // namespace marquee::media
