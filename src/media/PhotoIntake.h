#pragma once
// A photo as Marquee keeps it (the studio's photos, profile avatars and banners): the upload
// checked (JPEG, PNG or WebP by its bytes, not its name; within the size and pixel limits),
// turned upright by its EXIF orientation, and written again as a JPEG with no metadata at all
// (no GPS position, no camera serial), at most `stored_long_side` pixels on its long side, or
// cropped to fill an exact size. ffprobe reads the header before anything is decoded, so a
// decompression bomb (a small file declaring a huge picture) is refused unopened.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace marquee::media {

struct PhotoLimits {
  std::uint64_t max_bytes = std::uint64_t{25} << 20;
  std::int64_t max_pixels = 50'000'000;
  int min_side = 64;
  int stored_long_side = 4096;
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};
};

// An exact output size: the picture is scaled to cover it and its centre kept.
struct PhotoFill {
  int width = 0;
  int height = 0;
};

struct StoredPhoto {
  int width = 0;  // upright, as stored
  int height = 0;
};

// "jpeg", "png" or "webp" from the first bytes; "" for anything else.
std::string_view photo_format(std::string_view head);

// Reads the photo at `input` and writes the stored JPEG to `output`. Throws
// Error(unsupported_media_type) for another format, Error(payload_too_large) above
// max_bytes, Error(unprocessable) for a picture out of limits or that does not decode
// (details.reason: not_an_image, too_many_pixels, too_small, undecodable), and
// Error(internal) when ffmpeg cannot be run.
// With `fill`, the stored JPEG is exactly fill.width×fill.height (stored_long_side is ignored).
StoredPhoto store_photo(const std::string& input, const std::string& output, const PhotoLimits& limits,
                        const std::optional<PhotoFill>& fill = std::nullopt);

}  // namespace marquee::media
