#pragma once
// Signed URLs for the studio's private files (a clip's photo and video, a final video, a
// music track's preview):
// GET /api/media/{kind}/{id}?exp=…&sig=…, where sig is an HMAC-SHA256 over the kind, the id
// and the expiry. Whoever holds the URL may fetch that one file until it expires, without a
// token (an <img> or <video> tag, a download link); nothing else opens with it. Signing is
// one HMAC, so a page of fifty clips is one request (POST /api/media/sign).
#include <optional>
#include <string>
#include <string_view>

#include "core/Clock.h"

namespace marquee::studio {

enum class FileKind { clip_image, clip_video, final_video, music_track };
std::string_view file_kind_name(FileKind kind);
std::optional<FileKind> parse_file_kind(std::string_view name);

class FileSigner {
 public:
  FileSigner(std::string secret, const Clock& clock) : secret_(std::move(secret)), clock_(clock) {}

  // "/api/media/clip_image/{id}?exp=…&sig=…"
  std::string url(FileKind kind, const std::string& id, Millis expires_at_ms) const;
  // True when sig is this signer's for kind, id and exp, and exp is still ahead.
  bool verify(FileKind kind, const std::string& id, std::string_view exp, std::string_view sig) const;

 private:
  std::string mac(FileKind kind, const std::string& id, std::string_view exp) const;

  std::string secret_;
  const Clock& clock_;
};

}  // namespace marquee::studio
