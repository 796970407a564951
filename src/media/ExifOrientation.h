#pragma once
// The EXIF orientation of a photo (TIFF tag 0x0112, 1…8): how the camera was held, which
// phones record instead of turning the pixels. Read from the TIFF block a JPEG carries in
// its APP1 "Exif" segment, a PNG in its eXIf chunk, or a WebP in its EXIF chunk. Hostile
// bytes are expected: every offset is checked against the data, every loop is bounded, and
// anything malformed reads as 1 (as stored).
#include <string_view>

namespace marquee::media {

// 1 (upright, or unknown) … 8, for the whole file's bytes.
int exif_orientation(std::string_view file);
// The same for a bare TIFF block ("II*\0…" or "MM\0*…").
int tiff_orientation(std::string_view tiff);
// The ffmpeg filters that turn pixels stored with `orientation` upright ("" for 1).
const char* orientation_filter(int orientation);

}  // namespace marquee::media
