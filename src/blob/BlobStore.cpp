#include "blob/BlobStore.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/Error.h"

namespace marquee::blob {

void BlobStore::move_file(const std::string& key, const std::string& local_path) {
  put_file(key, local_path);
  ::unlink(local_path.c_str());
}

void BlobStore::move_tree(const std::string& prefix, const std::string& local_dir,
                          const std::function<bool(std::string_view relative_path)>& commit_last) {
  validate_blob_key(prefix);
  std::vector<std::string> files = files_for_move_tree(local_dir, prefix);
  if (commit_last) {
    std::stable_partition(files.begin(), files.end(), [&](const std::string& path) { return !commit_last(path); });
  }
  std::set<std::string> fresh;
  for (const std::string& path : files) {
    const std::string key = prefix + "/" + path;
    move_file(key, local_dir + "/" + path);
    fresh.insert(key);
  }
  for (const BlobInfo& old : list_prefix(prefix)) {
    if (!fresh.contains(old.key)) remove(old.key);
  }
  std::error_code ignored;
  std::filesystem::remove_all(local_dir, ignored);
}

std::optional<std::string> BlobStore::direct_url(const std::string& key, std::string_view, std::chrono::seconds,
                                                std::string_view) {
  validate_blob_key(key);
  return std::nullopt;
}

std::vector<std::string> files_for_move_tree(const std::string& local_dir, std::string_view prefix) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code error;
  fs::recursive_directory_iterator it(local_dir, error), end;
  for (; !error && it != end; it.increment(error)) {
    const std::string relative = fs::path(it->path()).lexically_relative(local_dir).string();
    const fs::file_status status = it->symlink_status(error);
    if (error) break;
    if (fs::is_directory(status)) continue;
    if (!fs::is_regular_file(status)) {
      throw Error(ErrorCode::validation_failed, "blob tree holds something that is not a regular file",
                  {{"field", "local_dir"}});
    }
    validate_blob_key(std::string(prefix) + "/" + relative);
    files.push_back(relative);
  }
  if (error) throw Error(ErrorCode::unavailable, "blob store: read " + local_dir + ": " + error.message());
  std::sort(files.begin(), files.end());
  return files;
}
namespace {

bool is_segment_byte(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

// The rule `key` breaks, or nullptr when it is a valid key.
const char* broken_key_rule(std::string_view key) {
  if (key.empty()) return "must not be empty";
  if (key.size() > kMaxBlobKeyBytes) return "must be at most 1024 bytes";
  if (key.front() == '/') return "must be relative";
  std::size_t segment_start = 0;
  while (true) {
    const std::size_t slash = key.find('/', segment_start);
    const std::size_t segment_end = slash == std::string_view::npos ? key.size() : slash;
    const std::string_view segment = key.substr(segment_start, segment_end - segment_start);
    if (segment.empty()) return "must not contain empty segments";
    if (segment.size() > kMaxBlobKeySegmentBytes) return "segments must be at most 255 bytes";
    if (segment.front() == '.') return "segments must not start with '.'";
    for (char c : segment) {
      if (!is_segment_byte(c)) return "segments may only contain A-Z a-z 0-9 . _ -";
    }
    if (slash == std::string_view::npos) return nullptr;
    segment_start = slash + 1;
  }
}

void validate_video_id(std::string_view video_id) {
  if (video_id.find('/') != std::string_view::npos || !is_valid_blob_key(video_id)) {
    throw Error(ErrorCode::validation_failed, "video id is not a valid blob key segment", {{"field", "video_id"}});
  }
}

std::string validated(std::string key) {
  validate_blob_key(key);
  return key;
}

}  // namespace

bool is_valid_blob_key(std::string_view key) { return broken_key_rule(key) == nullptr; }

void validate_blob_key(std::string_view key) {
  if (const char* rule = broken_key_rule(key)) {
    throw Error(ErrorCode::validation_failed, std::string("blob key ") + rule, {{"field", "key"}});
  }
}

namespace blob_keys {

std::string video_prefix(std::string_view video_id) {
  validate_video_id(video_id);
  return "videos/" + std::string(video_id);
}

std::string source(std::string_view video_id) { return video_prefix(video_id) + "/source"; }

std::string hls(std::string_view video_id, std::string_view rel) {
  return validated(video_prefix(video_id) + "/hls/" + std::string(rel));
}

std::string thumbs(std::string_view video_id, std::string_view rel) {
  return validated(video_prefix(video_id) + "/thumbs/" + std::string(rel));
}

}  // namespace blob_keys

void BlobStoreWrapper::put_file(const std::string& key, const std::string& local_path) {
  target_.put_file(key, local_path);
}

void BlobStoreWrapper::move_file(const std::string& key, const std::string& local_path) {
  target_.move_file(key, local_path);
}

void BlobStoreWrapper::move_tree(const std::string& prefix, const std::string& local_dir,
                                 const std::function<bool(std::string_view relative_path)>& commit_last) {
  target_.move_tree(prefix, local_dir, commit_last);
}

void BlobStoreWrapper::put_bytes(const std::string& key, std::string_view bytes) { target_.put_bytes(key, bytes); }

void BlobStoreWrapper::put_stream(const std::string& key, const BlobSource& source) {
  target_.put_stream(key, source);
}

std::optional<BlobInfo> BlobStoreWrapper::stat(const std::string& key) { return target_.stat(key); }

std::string BlobStoreWrapper::read(const std::string& key, std::uint64_t offset, std::uint64_t length) {
  return target_.read(key, offset, length);
}

void BlobStoreWrapper::get_to_file(const std::string& key, const std::string& local_path) {
  target_.get_to_file(key, local_path);
}

std::optional<std::string> BlobStoreWrapper::local_path(const std::string& key) { return target_.local_path(key); }

void BlobStoreWrapper::remove(const std::string& key) { target_.remove(key); }

std::size_t BlobStoreWrapper::remove_prefix(const std::string& prefix) { return target_.remove_prefix(prefix); }

std::vector<BlobInfo> BlobStoreWrapper::list_prefix(const std::string& prefix) { return target_.list_prefix(prefix); }

std::optional<std::string> BlobStoreWrapper::direct_url(const std::string& key, std::string_view method,
                                                        std::chrono::seconds ttl, std::string_view content_type) {
  return target_.direct_url(key, method, ttl, content_type);
}

}  // namespace marquee::blob
