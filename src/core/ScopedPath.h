#pragma once
// A file or directory that is removed when the scope ends, however it ends: the scratch
// space of one ffmpeg run, an upload on its way into the store.
#include <filesystem>
#include <string>
#include <system_error>

namespace marquee {

class ScopedPath {
 public:
  explicit ScopedPath(std::string path) : path_(std::move(path)) {}
  ~ScopedPath() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScopedPath(const ScopedPath&) = delete;
  ScopedPath& operator=(const ScopedPath&) = delete;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace marquee
