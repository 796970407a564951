// A photo's EXIF orientation: the first bytes of an upload anyone may send, read before any
// decoder sees them (JPEG segments, PNG chunks, WebP's RIFF chunks, then TIFF's IFD).
#include "FuzzSupport.h"
#include "media/ExifOrientation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  const std::string_view bytes = fuzz::bytes_of(data, size);
  const int orientation = media::exif_orientation(bytes);
  fuzz::require(orientation >= 1 && orientation <= 8);
  const int tiff = media::tiff_orientation(bytes);
  fuzz::require(tiff >= 1 && tiff <= 8);
  (void)media::orientation_filter(orientation);
  // The same bytes inside each container.
  for (const std::string& wrapped :
       {std::string("\xFF\xD8\xFF\xE1", 4) + char((bytes.size() + 8) >> 8 & 0xFF) + char((bytes.size() + 8) & 0xFF) +
            std::string("Exif\0\0", 6) + std::string(bytes),
        std::string("RIFF\0\0\0\0WEBPEXIF", 16) + char(bytes.size() & 0xFF) + char(bytes.size() >> 8 & 0xFF) +
            std::string("\0\0", 2) + std::string(bytes)}) {
    const int inside = media::exif_orientation(wrapped);
    fuzz::require(inside >= 1 && inside <= 8);
  }
  return 0;
}
