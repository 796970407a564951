#include "http/FileResponse.h"

#include <sys/stat.h>

#include <charconv>
#include <ctime>

namespace marquee::http {

std::optional<FileFacts> stat_file(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  FileFacts f;
  f.path = path;
  f.size = static_cast<std::uint64_t>(st.st_size);
  f.modified_ms = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1'000'000;
  char buf[64];
  std::snprintf(buf, sizeof buf, "\"%llx-%llx%09lx\"", static_cast<unsigned long long>(st.st_size),
                static_cast<unsigned long long>(st.st_mtim.tv_sec), static_cast<unsigned long>(st.st_mtim.tv_nsec));
  f.etag = buf;
  return f;
}

namespace {

bool parse_u64(std::string_view s, std::uint64_t& out) {
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

std::optional<std::int64_t> parse_http_date(std::string_view text) {
  std::tm tm{};
  std::string copy(text);
  if (!strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return std::nullopt;
  return static_cast<std::int64_t>(timegm(&tm)) * 1000;
}

bool etag_matches(std::string_view header, const std::string& etag) {
  if (header == "*") return true;
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto comma = header.find(',', pos);
    std::string_view item = header.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == etag) return true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return false;
}

}  // namespace

std::string http_date(std::int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

RangeResult parse_range(std::string_view header, std::uint64_t size, ByteRange& out) {
  constexpr std::string_view prefix = "bytes=";
  if (!header.starts_with(prefix)) return RangeResult::none;
  std::string_view spec = header.substr(prefix.size());
  if (spec.find(',') != std::string_view::npos) return RangeResult::none;
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return RangeResult::none;
  std::string_view a = spec.substr(0, dash), b = spec.substr(dash + 1);
  std::uint64_t first = 0, last = 0;
  if (a.empty()) {  // suffix: the last N bytes
    std::uint64_t n = 0;
    if (!parse_u64(b, n)) return RangeResult::none;
    if (n == 0 || size == 0) return RangeResult::unsatisfiable;
    n = std::min(n, size);
    out = {size - n, n};
    return RangeResult::satisfiable;
  }
  if (!parse_u64(a, first)) return RangeResult::none;
  if (b.empty()) {
    last = size == 0 ? 0 : size - 1;
  } else if (!parse_u64(b, last) || last < first) {
    return RangeResult::none;
  }
  if (first >= size) return RangeResult::unsatisfiable;
  last = std::min(last, size - 1);
  out = {first, last - first + 1};
  return RangeResult::satisfiable;
}

Response file_response(const Request& request, const FileFacts& file, std::string content_type,
                       std::string cache_control, const ReadBody& read_body) {
  Response r;
  r.headers.set("Content-Type", std::move(content_type));
  r.headers.set("Cache-Control", std::move(cache_control));
  r.headers.set("ETag", file.etag);
  r.headers.set("Last-Modified", http_date(file.modified_ms));
  r.headers.set("Accept-Ranges", "bytes");

  bool not_modified = false;
  if (auto inm = request.header("If-None-Match")) {
    not_modified = etag_matches(*inm, file.etag);
  } else if (auto ims = request.header("If-Modified-Since")) {
    auto since = parse_http_date(*ims);
    not_modified = since && file.modified_ms / 1000 <= *since / 1000;
  }
  if (not_modified) {
    r.status = 304;
    return r;
  }

  ByteRange range{0, file.size};
  RangeResult kind = RangeResult::none;
  if (auto header = request.header("Range")) {
    bool if_range_ok = true;
    if (auto if_range = request.header("If-Range")) if_range_ok = *if_range == file.etag;
    if (if_range_ok) kind = parse_range(*header, file.size, range);
  }
  if (kind == RangeResult::unsatisfiable) {
    r.status = 416;
    r.headers.set("Content-Range", "bytes */" + std::to_string(file.size));
    r.headers.set("Content-Type", "application/json");
    r.body = R"({"error":{"code":"range_not_satisfiable","message":"requested range is outside the file"}})";
    return r;
  }
  if (kind == RangeResult::satisfiable) {
    r.status = 206;
    r.headers.set("Content-Range", "bytes " + std::to_string(range.first) + "-" +
                                       std::to_string(range.first + range.length - 1) + "/" + std::to_string(file.size));
  } else {
    range = {0, file.size};
    r.status = 200;
  }
  if (read_body) {
    r.body = read_body(range.first, range.length);
  } else {
    r.file = FileRange{file.path, range.first, range.length};
  }
  return r;
}

std::string media_content_type(std::string_view path) {
  auto dot = path.rfind('.');
  std::string_view ext = dot == std::string_view::npos ? "" : path.substr(dot + 1);
  if (ext == "m3u8") return "application/vnd.apple.mpegurl";
  if (ext == "m4s") return "video/iso.segment";
  if (ext == "mp4") return "video/mp4";
  if (ext == "ts") return "video/mp2t";
  if (ext == "vtt") return "text/vtt; charset=utf-8";
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "webp") return "image/webp";
  if (ext == "png") return "image/png";
  return "application/octet-stream";
}

}  // namespace marquee::http
