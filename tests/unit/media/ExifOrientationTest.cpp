// The EXIF orientation of photos as phones write it, in each container, and nothing but 1
// from anything malformed.
#include "media/ExifOrientation.h"

#include <gtest/gtest.h>

#include <string>

namespace marquee::media {
namespace {

std::string tiff(int orientation, bool little_endian) {
  if (little_endian) {
    return std::string("II*\0\x08\0\0\0\x02\0", 10) +
           std::string("\x0f\x01\x02\x00\x04\x00\x00\x00", 8) + std::string("Mak\0", 4) +  // Make, before it
           std::string("\x12\x01\x03\x00\x01\x00\x00\x00", 8) + char(orientation) + std::string("\0\0\0", 3) +
           std::string("\0\0\0\0", 4);
  }
  return std::string("MM\0*\0\0\0\x08\0\x01", 10) + std::string("\x01\x12\x00\x03\x00\x00\x00\x01\x00", 9) +
         char(orientation) + std::string("\0\0", 2) + std::string("\0\0\0\0", 4);
}

std::string jpeg_with(const std::string& tiff_block) {
  const std::string body = std::string("Exif\0\0", 6) + tiff_block;
  const std::size_t length = body.size() + 2;
  return std::string("\xFF\xD8", 2) + std::string("\xFF\xE0\x00\x04\x00\x00", 6) +  // an APP0 first
         std::string{'\xFF', '\xE1', char(length >> 8), char(length & 0xFF)} + body + std::string("\xFF\xDA", 2);
}

std::string png_with(const std::string& tiff_block) {
  auto chunk = [](const std::string& type, const std::string& data) {
    const std::size_t n = data.size();
    return std::string{char(n >> 24), char(n >> 16 & 0xFF), char(n >> 8 & 0xFF), char(n & 0xFF)} + type + data +
           std::string(4, '\0');
  };
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", std::string(13, '\0')) + chunk("eXIf", tiff_block) +
         chunk("IDAT", "x") + chunk("IEND", "");
}

std::string webp_with(const std::string& tiff_block, bool exif_prefix) {
  const std::string body = (exif_prefix ? std::string("Exif\0\0", 6) : std::string()) + tiff_block;
  auto le32 = [](std::size_t n) { return std::string{char(n & 0xFF), char(n >> 8 & 0xFF), char(n >> 16 & 0xFF), char(n >> 24)}; };
  const std::string vp8 = "VP8 " + le32(3) + std::string("abc\0", 4);  // odd size: padded
  const std::string exif = "EXIF" + le32(body.size()) + body;
  return "RIFF" + le32(4 + vp8.size() + exif.size()) + "WEBP" + vp8 + exif;
}

TEST(ExifOrientation, ReadFromEveryContainerInBothByteOrders) {
  for (int orientation = 1; orientation <= 8; ++orientation) {
    for (bool little : {true, false}) {
      EXPECT_EQ(tiff_orientation(tiff(orientation, little)), orientation);
      EXPECT_EQ(exif_orientation(jpeg_with(tiff(orientation, little))), orientation);
      EXPECT_EQ(exif_orientation(png_with(tiff(orientation, little))), orientation);
      EXPECT_EQ(exif_orientation(webp_with(tiff(orientation, little), false)), orientation);
      EXPECT_EQ(exif_orientation(webp_with(tiff(orientation, little), true)), orientation);
    }
  }
}

TEST(ExifOrientation, AnythingMalformedReadsAsUpright) {
  const std::string good = jpeg_with(tiff(6, true));
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    const int o = exif_orientation(good.substr(0, cut));
    EXPECT_TRUE(o == 1 || o == 6) << cut;
  }
  EXPECT_EQ(exif_orientation(""), 1);
  EXPECT_EQ(exif_orientation("GIF89a"), 1);
  EXPECT_EQ(exif_orientation("RIFF"), 1) << "shorter than a RIFF header (found by fuzzing)";
  EXPECT_EQ(tiff_orientation(tiff(9, true)), 1) << "no such orientation";
  EXPECT_EQ(tiff_orientation(tiff(0, true)), 1);
  std::string far = tiff(6, true);
  far[4] = '\xff';  // the IFD offset points past the end
  EXPECT_EQ(tiff_orientation(far), 1);
  std::string huge_count = tiff(6, true);
  huge_count[8] = '\xff';
  huge_count[9] = '\xff';
  EXPECT_EQ(tiff_orientation(huge_count), 6) << "entries past the end are not read; the tag before them is";
  // A segment length running past the end, and the image data before any EXIF.
  EXPECT_EQ(exif_orientation(std::string("\xFF\xD8\xFF\xE1\xFF\xFF", 6) + "Exif"), 1);
  EXPECT_EQ(exif_orientation(std::string("\xFF\xD8\xFF\xDA\x00\x02", 6) + jpeg_with(tiff(6, true))), 1);
}

TEST(ExifOrientation, FiltersTurnEachOrientationUpright) {
  EXPECT_STREQ(orientation_filter(1), "");
  EXPECT_STREQ(orientation_filter(3), "hflip,vflip");
  EXPECT_STREQ(orientation_filter(6), "transpose=1");
  EXPECT_STREQ(orientation_filter(8), "transpose=2");
  EXPECT_STREQ(orientation_filter(42), "");
}

}  // namespace
}  // namespace marquee::media
