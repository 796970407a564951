#include "studio/FileSigner.h"

#include <charconv>

#include "core/Crypto.h"

namespace marquee::studio {

std::string_view file_kind_name(FileKind kind) {
  switch (kind) {
    case FileKind::clip_image: return "clip_image";
    case FileKind::clip_video: return "clip_video";
    case FileKind::final_video: return "final_video";
    case FileKind::music_track: return "music_track";
  }
  return "clip_image";
}

std::optional<FileKind> parse_file_kind(std::string_view name) {
  for (FileKind kind : {FileKind::clip_image, FileKind::clip_video, FileKind::final_video, FileKind::music_track}) {
    if (file_kind_name(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string FileSigner::mac(FileKind kind, const std::string& id, std::string_view exp) const {
  const std::string message =
      "marquee-studio-file-v1\n" + std::string(file_kind_name(kind)) + "\n" + id + "\n" + std::string(exp);
  return crypto::base64url_encode(crypto::hmac_sha256(secret_, message));
}

std::string FileSigner::url(FileKind kind, const std::string& id, Millis expires_at_ms) const {
  const std::string exp = std::to_string(expires_at_ms / 1000);
  return "/api/media/" + std::string(file_kind_name(kind)) + "/" + id + "?exp=" + exp + "&sig=" + mac(kind, id, exp);
}

bool FileSigner::verify(FileKind kind, const std::string& id, std::string_view exp, std::string_view sig) const {
  if (exp.empty() || sig.empty() || exp.size() > 20 || sig.size() > 64) return false;
  long long seconds = 0;
  const auto [ptr, ec] = std::from_chars(exp.data(), exp.data() + exp.size(), seconds);
  if (ec != std::errc() || ptr != exp.data() + exp.size()) return false;
  if (!crypto::constant_time_equal(sig, mac(kind, id, exp))) return false;
  return static_cast<Millis>(seconds) * 1000 > clock_.now_ms();
}

}  // namespace marquee::studio
