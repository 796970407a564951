#include "videos/LadderUploader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

#include "core/Error.h"

namespace marquee::videos {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string directory_of(const std::string& relative) {
  const auto slash = relative.rfind('/');
  return slash == std::string::npos ? "" : relative.substr(0, slash + 1);
}

// The relative URIs a playlist names: media lines and EXT-X-MAP / EXT-X-MEDIA URI attributes.
std::vector<std::string> named_uris(const std::string& playlist) {
  std::vector<std::string> uris;
  std::istringstream lines(playlist);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (line[0] != '#') {
      uris.push_back(line);
      continue;
    }
    const auto at = line.find("URI=\"");
    if (at == std::string::npos) continue;
    const auto end = line.find('"', at + 5);
    if (end != std::string::npos) uris.push_back(line.substr(at + 5, end - at - 5));
  }
  return uris;
}

bool is_playlist(std::string_view path) { return path.ends_with(".m3u8"); }

}  // namespace

LadderUploader::LadderUploader(blob::BlobStore& blobs, std::string prefix, std::string local_dir)
    : blobs_(blobs), prefix_(std::move(prefix)), local_dir_(std::move(local_dir)) {}

void LadderUploader::upload(const std::string& relative) {
  blobs_.put_file(prefix_ + "/" + relative, local_dir_ + "/" + relative);
}

bool LadderUploader::sync_playlist(const std::string& playlist, int& sent) {
  auto content = read_file(local_dir_ + "/" + playlist);
  if (!content) return false;
  auto known = playlists_.find(playlist);
  if (known != playlists_.end() && known->second == *content) return true;
  const std::string base = directory_of(playlist);
  for (const std::string& uri : named_uris(*content)) {
    if (uri.find("://") != std::string::npos || uri.starts_with("/") || uri.find("..") != std::string::npos) continue;
    const std::string relative = base + uri;
    if (is_playlist(relative)) {
      // A master names media playlists: they must be in the store first.
      if (!playlists_.contains(relative)) return false;
      continue;
    }
    if (sent_.contains(relative)) continue;
    if (!fs::exists(local_dir_ + "/" + relative)) return false;
    upload(relative);
    sent_.insert(relative);
    ++sent;
  }
  blobs_.put_bytes(prefix_ + "/" + playlist, *content);
  playlists_[playlist] = std::move(*content);
  ++sent;
  return true;
}

int LadderUploader::sync() {
  std::lock_guard lock(mutex_);
  int sent = 0;
  std::error_code error;
  std::vector<std::string> media_playlists;
  for (fs::directory_iterator it(local_dir_, error), end; !error && it != end; it.increment(error)) {
    if (!it->is_directory(error)) continue;
    const std::string name = it->path().filename().string();
    if (fs::exists(it->path() / "index.m3u8")) media_playlists.push_back(name + "/index.m3u8");
  }
  std::sort(media_playlists.begin(), media_playlists.end());
  for (const std::string& playlist : media_playlists) sync_playlist(playlist, sent);
  if (fs::exists(local_dir_ + "/master.m3u8")) sync_playlist("master.m3u8", sent);
  return sent;
}

void LadderUploader::finish() {
  std::lock_guard lock(mutex_);
  std::vector<std::string> files = blob::files_for_move_tree(local_dir_, prefix_);
  std::stable_partition(files.begin(), files.end(), [](const std::string& path) { return !is_playlist(path); });
  std::set<std::string> fresh;
  for (const std::string& path : files) {
    fresh.insert(prefix_ + "/" + path);
    if (is_playlist(path)) {
      auto content = read_file(local_dir_ + "/" + path);
      if (!content) throw Error(ErrorCode::unavailable, "ladder: " + path + " vanished");
      if (playlists_[path] != *content) blobs_.put_bytes(prefix_ + "/" + path, *content);
      playlists_[path] = std::move(*content);
    } else if (!sent_.contains(path)) {
      upload(path);
      sent_.insert(path);
    }
  }
  for (const blob::BlobInfo& old : blobs_.list_prefix(prefix_)) {
    if (!fresh.contains(old.key)) blobs_.remove(old.key);
  }
  std::error_code ignored;
  fs::remove_all(local_dir_, ignored);
}

}  // namespace marquee::videos
