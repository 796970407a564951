#pragma once
// Serving a file the way HLS players and CDNs expect: a strong ETag and Last-Modified,
// 304 for If-None-Match / If-Modified-Since, single byte ranges (206, or 416 with
// `Content-Range: bytes */size`), `Accept-Ranges: bytes`. The body is a FileRange, which
// the transport sends with sendfile(2), or bytes read from a remote blob store.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "http/Request.h"
#include "http/Response.h"

namespace marquee::http {

struct FileFacts {
  std::string path;
  std::uint64_t size = 0;
  std::int64_t modified_ms = 0;
  std::string etag;  // quoted strong validator
};

// nullopt when the path is not a regular file.
std::optional<FileFacts> stat_file(const std::string& path);

struct ByteRange {
  std::uint64_t first = 0;
  std::uint64_t length = 0;
};
enum class RangeResult { none, satisfiable, unsatisfiable };
// Parses a `Range` header against a size. Several ranges, or any malformed header, read as
// none (serve the whole file), as RFC 9110 allows.
RangeResult parse_range(std::string_view header, std::uint64_t size, ByteRange& out);

// The body reader, when given, supplies the bytes of the chosen range (a file in a remote
// store, read into memory); without it the body is the file at file.path, sent by sendfile.
using ReadBody = std::function<std::string(std::uint64_t first, std::uint64_t length)>;
Response file_response(const Request& request, const FileFacts& file, std::string content_type,
                       std::string cache_control, const ReadBody& read_body = {});

// The MIME type of a media file by its extension (m3u8, m4s, mp4, ts, vtt, jpg, webp, png).
std::string media_content_type(std::string_view path);

std::string http_date(std::int64_t ms);

}  // namespace marquee::http
