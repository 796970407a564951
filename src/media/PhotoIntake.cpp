#include "media/PhotoIntake.h"

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/Error.h"
#include "media/ChildProcess.h"
#include "media/ExifOrientation.h"

namespace marquee::media {
namespace {

[[noreturn]] void refuse(const std::string& reason, const std::string& message) {
  throw Error(ErrorCode::unprocessable, message, {{"reason", reason}});
}

std::string read_whole(const std::string& path, std::uint64_t max_bytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw Error(ErrorCode::internal, "photo: cannot read the upload");
  if (size > max_bytes) {
    throw Error(ErrorCode::payload_too_large,
                "a photo may be at most " + std::to_string(max_bytes >> 20) + " MiB");
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (!in) throw Error(ErrorCode::internal, "photo: cannot read the upload");
  return bytes;
}

struct Header {
  std::string codec;
  int width = 0;
  int height = 0;
};

// The picture's codec and size as its header declares them; nothing is decoded.
// `demuxer`: the one ffprobe may use (the format the bytes claim): no other gets to read it.
Header probe_header(const std::string& path, const std::string& demuxer, const PhotoLimits& limits) {
  ChildOptions options;
  options.timeout = limits.timeout;
  options.max_stdout_bytes = 64 << 10;
  const auto result = run_child({"ffprobe", "-v", "error", "-protocol_whitelist", "file", "-f", demuxer,
                                 "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of",
                                 "json", "file:" + path},
                                options);
  if (!result.succeeded()) refuse("not_an_image", "the photo could not be read");
  Header header;
  try {
    const auto doc = boost::json::parse(result.stdout_data).as_object();
    const auto& streams = doc.at("streams").as_array();
    if (streams.empty()) refuse("not_an_image", "the file holds no picture");
    const auto& stream = streams.front().as_object();
    header.codec = stream.at("codec_name").as_string().c_str();
    header.width = static_cast<int>(stream.at("width").to_number<std::int64_t>());
    header.height = static_cast<int>(stream.at("height").to_number<std::int64_t>());
  } catch (const Error&) {
    throw;
  } catch (const std::exception&) {
    refuse("not_an_image", "the photo could not be read");
  }
  return header;
}

}  // namespace

std::string_view photo_format(std::string_view head) {
  if (head.size() >= 3 && head.substr(0, 3) == "\xFF\xD8\xFF") return "jpeg";
  if (head.size() >= 8 && head.substr(0, 8) == "\x89PNG\r\n\x1a\n") return "png";
  if (head.size() >= 12 && head.substr(0, 4) == "RIFF" && head.substr(8, 4) == "WEBP") return "webp";
  return "";
}

StoredPhoto store_photo(const std::string& input, const std::string& output, const PhotoLimits& limits,
                        const std::optional<PhotoFill>& fill) {
  const std::string bytes = read_whole(input, limits.max_bytes);
  const std::string_view format = photo_format(bytes);
  if (format.empty()) throw Error(ErrorCode::unsupported_media_type, "a photo must be a JPEG, PNG or WebP image");

  const std::string demuxer = format == "jpeg" ? "jpeg_pipe" : format == "png" ? "png_pipe" : "webp_pipe";
  const Header header = probe_header(input, demuxer, limits);
  // The decoder must be the one the bytes claim: no other demuxer gets to read the file.
  const bool decoder_matches = (format == "jpeg" && header.codec == "mjpeg") || (format == "png" && header.codec == "png") ||
                               (format == "webp" && header.codec == "webp");
  if (!decoder_matches) refuse("not_an_image", "the photo's contents do not match its format");
  if (header.width <= 0 || header.height <= 0) refuse("not_an_image", "the photo has no size");
  if (static_cast<std::int64_t>(header.width) * header.height > limits.max_pixels) {
    refuse("too_many_pixels", "a photo may have at most " + std::to_string(limits.max_pixels / 1'000'000) +
                                  " megapixels; this one has " + std::to_string(header.width) + "×" +
                                  std::to_string(header.height));
  }
  if (std::min(header.width, header.height) < limits.min_side) {
    refuse("too_small", "a photo must be at least " + std::to_string(limits.min_side) + " pixels on each side");
  }

  const int orientation = exif_orientation(bytes);
  std::string filters = orientation_filter(orientation);
  if (!filters.empty()) filters += ",";
  if (fill) {
    const std::string w = std::to_string(fill->width), h = std::to_string(fill->height);
    // The middle of the picture in the frame's shape first, then scaled: scaling first would
    // blow a long, thin picture up to a frame of hundreds of megapixels before the crop.
    filters += "crop='min(iw,ih*" + w + "/" + h + ")':'min(ih,iw*" + h + "/" + w + ")',scale=" + w + ":" + h +
               ":flags=lanczos,setsar=1,format=yuvj420p";
  } else {
    const std::string side = std::to_string(limits.stored_long_side);
    // Only ever smaller: a long side above the limit comes down to it, with even sides.
    filters += "scale='if(gte(iw,ih),min(iw," + side + "),-2)':'if(gte(iw,ih),-2,min(ih," + side +
               "))':flags=lanczos,format=yuvj420p";
  }
  ChildOptions options;
  options.timeout = limits.timeout;
  const auto result = run_child(
      // -xerror with -err_detect explode: a damaged or cut-off picture is refused, not patched with grey.
      {"ffmpeg", "-nostdin", "-v", "error", "-xerror", "-err_detect", "explode", "-y", "-protocol_whitelist", "file",
       "-noautorotate", "-f", demuxer, "-i",
       "file:" + input, "-vf", filters, "-frames:v", "1", "-map_metadata", "-1", "-q:v", "2", "-f", "image2",
       "-c:v", "mjpeg", "file:" + output},
      options);
  if (!result.succeeded()) {
    std::filesystem::remove(output);
    if (result.exit_code < 0 && !result.timed_out) throw Error(ErrorCode::internal, "photo: ffmpeg " + result.describe());
    refuse("undecodable", "the photo could not be decoded");
  }

  const Header written = probe_header(output, "jpeg_pipe", limits);  // what the stored file really is
  return StoredPhoto{written.width, written.height};
}

}  // namespace marquee::media
