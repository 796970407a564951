#include "playback/MediaFiles.h"

#include <fstream>

#include "core/Error.h"

namespace marquee::playback {

namespace {
// Playlists and storyboards: small text files, read whole.
constexpr std::uint64_t kMaxWholeRead = 16 * 1024 * 1024;
}  // namespace

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

MediaFiles::MediaFiles(blob::BlobStore& blobs, std::string work_root)
    : blobs_(blobs), work_root_(std::move(work_root)), remote_(!blobs.local_path("videos/probe/source")) {}

std::optional<MediaFile> MediaFiles::from_blobs(const std::string& video_id, const std::string& relative) const {
  const std::string key = blob::blob_keys::video_prefix(video_id) + "/" + relative;
  try {
    if (auto path = blobs_.local_path(key)) {
      auto facts = http::stat_file(*path);
      if (!facts) return std::nullopt;
      return MediaFile{std::move(*facts), ""};
    }
    auto info = blobs_.stat(key);
    if (!info) return std::nullopt;
    return MediaFile{http::FileFacts{"", info->size, info->modified_ms, "\"" + info->etag + "\""}, key};
  } catch (const Error& e) {
    // A store that does not answer is not a missing file: 503, so players retry.
    if (e.code() == ErrorCode::unavailable || e.code() == ErrorCode::insufficient_storage) throw;
    return std::nullopt;
  }
}

std::optional<MediaFile> MediaFiles::from_work_dir(const std::string& video_id, const std::string& relative) const {
  auto facts = http::stat_file(work_dir(video_id) + "/" + relative);
  if (!facts) return std::nullopt;
  return MediaFile{std::move(*facts), ""};
}

std::optional<MediaFile> MediaFiles::locate(const std::string& video_id, const std::string& relative) const {
  if (!is_servable_media_path(relative)) return std::nullopt;
  if (remote_) {
    if (auto found = from_work_dir(video_id, relative)) return found;
    return from_blobs(video_id, relative);
  }
  if (auto found = from_blobs(video_id, relative)) return found;
  if (auto found = from_work_dir(video_id, relative)) return found;
  return from_blobs(video_id, relative);
}

std::string MediaFiles::read(const MediaFile& file, std::uint64_t first, std::uint64_t length) const {
  if (file.is_remote()) return blobs_.read(file.blob_key, first, length);
  std::ifstream in(file.facts.path, std::ios::binary);
  if (!in) throw Error(ErrorCode::not_found, "media file is gone");
  in.seekg(static_cast<std::streamoff>(first));
  std::string out(length, '\0');
  in.read(out.data(), static_cast<std::streamsize>(length));
  out.resize(static_cast<std::size_t>(in.gcount()));
  return out;
}

std::string MediaFiles::read_all(const MediaFile& file) const {
  // To the end, whatever the size seen when the file was located: a growing playlist may
  // have been replaced since, and a cut one would name a segment that does not exist.
  if (file.is_remote()) return blobs_.read(file.blob_key, 0, kMaxWholeRead);
  std::ifstream in(file.facts.path, std::ios::binary);
  if (!in) throw Error(ErrorCode::not_found, "media file is gone");
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::optional<std::string> MediaFiles::direct_url(const MediaFile& file, std::chrono::seconds ttl) const {
  if (!file.is_remote()) return std::nullopt;
  return blobs_.direct_url(file.blob_key, "GET", ttl);
}

}  // namespace marquee::playback
