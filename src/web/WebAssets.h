#pragma once
// The web app's files (web/, bundled by scripts/build into <build>/web), read into memory once
// at start: the HTML shells pages load (index.html, and NAME.html for the pages under /NAME/:
// watch.html preloads the player for /watch/…) and the content-hashed files under assets/,
// each with its gzip twin when the build wrote one (name.gz). Nothing is read from the disk
// while serving, so a page and its assets come from the I/O thread.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace marquee::web {

struct WebFile {
  std::string content_type;
  std::string body;
  std::string gzip_body;  // empty when there is no gzip twin
  std::string etag;       // a quoted hash of body
  std::string gzip_etag;  // the same, marked as the gzip twin's
};

class WebAssets {
 public:
  WebAssets() = default;
  // Reads `dir` (index.html, assets/*). A missing dir gives an empty set (the API still
  // serves; pages answer that the web app is not built). Throws Error(internal) for a dir
  // that exists without index.html.
  static WebAssets load(const std::string& dir);

  bool built() const { return shell_.has_value(); }
  // The shell for a page path: NAME.html for /NAME/…, else index.html; null when not built.
  const WebFile* shell_for(std::string_view path) const;
  // `name` is a file name under assets/ (no slash); null when unknown.
  const WebFile* asset(std::string_view name) const;
  std::size_t asset_count() const { return assets_.size(); }

 private:
  std::optional<WebFile> shell_;
  std::map<std::string, WebFile, std::less<>> section_shells_;  // by first path segment
  std::map<std::string, WebFile, std::less<>> assets_;
};

// The Content-Type for a file name's extension (application/octet-stream when unknown).
std::string content_type_of(std::string_view name);

// Where the web app is looked for when `web.dir` is not set: `web` beside the executable
// (build/release/marquee serves build/release/web).
std::string default_web_dir();

}  // namespace marquee::web
