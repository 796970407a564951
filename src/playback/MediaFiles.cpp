#include "playback/MediaFiles.h"

#include "core/Error.h"

namespace marquee::playback {

bool is_servable_media_path(const std::string& relative) {
  if (!relative.starts_with("hls/") && !relative.starts_with("thumbs/")) return false;
  if (relative.size() > 512) return false;
  std::size_t start = 0;
  while (start < relative.size()) {
    auto slash = relative.find('/', start);
    std::string seg = relative.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (seg.empty() || seg.front() == '.') return false;
    for (char c : seg) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                c == '-';
      if (!ok) return false;
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return relative.back() != '/';
}

std::optional<http::FileFacts> MediaFiles::from_blobs(const std::string& video_id, const std::string& relative) const {
  std::string key = blob::blob_keys::video_prefix(video_id) + "/" + relative;
  try {
    auto path = blobs_.local_path(key);
    if (!path) return std::nullopt;
    return http::stat_file(*path);
  } catch (const Error&) {
    return std::nullopt;
  }
}

std::optional<http::FileFacts> MediaFiles::locate(const std::string& video_id, const std::string& relative) const {
  if (!is_servable_media_path(relative)) return std::nullopt;
  if (auto found = from_blobs(video_id, relative)) return found;
  if (auto found = http::stat_file(work_dir(video_id) + "/" + relative)) return found;
  return from_blobs(video_id, relative);
}

}  // namespace marquee::playback
