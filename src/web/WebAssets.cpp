#include "web/WebAssets.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unistd.h>

#include "core/Crypto.h"
#include "core/Error.h"

namespace marquee::web {
namespace fs = std::filesystem;
namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::internal, "cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

WebFile file_of(const fs::path& path) {
  WebFile file;
  file.content_type = content_type_of(path.filename().string());
  file.body = read_file(path);
  fs::path gz = path;
  gz += ".gz";
  if (fs::is_regular_file(gz)) file.gzip_body = read_file(gz);
  file.etag = '"';
  file.etag += crypto::to_hex(crypto::sha256(file.body)).substr(0, 20);
  file.etag += '"';
  if (!file.gzip_body.empty()) file.gzip_etag = file.etag.substr(0, file.etag.size() - 1) + "-gz\"";
  return file;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string content_type_of(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".js", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},     {".json", "application/json"},
      {".svg", "image/svg+xml"},                 {".png", "image/png"},
      {".webp", "image/webp"},                   {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},                  {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  for (const auto& [extension, type] : kTypes) {
    if (ends_with(name, extension)) return std::string(type);
  }
  return "application/octet-stream";
}

WebAssets WebAssets::load(const std::string& dir) {
  WebAssets assets;
  if (dir.empty() || !fs::is_directory(dir)) return assets;
  const fs::path root(dir);
  if (!fs::is_regular_file(root / "index.html")) {
    throw Error(ErrorCode::internal, "web.dir " + dir + " has no index.html (run scripts/build)");
  }
  assets.shell_ = file_of(root / "index.html");
  for (const auto& entry : fs::directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || !ends_with(name, ".html") || name == "index.html") continue;
    assets.section_shells_.emplace(name.substr(0, name.size() - 5), file_of(entry.path()));
  }
  if (fs::is_directory(root / "assets")) {
    for (const auto& entry : fs::directory_iterator(root / "assets")) {
      const std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || ends_with(name, ".gz")) continue;
      assets.assets_.emplace(name, file_of(entry.path()));
    }
  }
  return assets;
}

const WebFile* WebAssets::shell_for(std::string_view path) const {
  if (!shell_) return nullptr;
  if (path.size() > 1 && path.front() == '/') {
    const auto slash = path.find('/', 1);
    if (slash != std::string_view::npos) {
      auto found = section_shells_.find(path.substr(1, slash - 1));
      if (found != section_shells_.end()) return &found->second;
    }
  }
  return &*shell_;
}

const WebFile* WebAssets::asset(std::string_view name) const {
  auto found = assets_.find(name);
  return found == assets_.end() ? nullptr : &found->second;
}

std::string default_web_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "web";
  return (exe.parent_path() / "web").string();
}

}  // namespace marquee::web
