#include "playback/PlaybackSigner.h"

#include <charconv>

#include "core/Crypto.h"

namespace marquee::playback {

std::string media_prefix(const std::string& video_id) { return "/media/videos/" + video_id + "/"; }

std::string PlaybackSigner::mac(const std::string& video_id, std::string_view exp, std::string_view viewer) const {
  std::string message = "marquee-playback-v1\n" + media_prefix(video_id) + "\n" + std::string(exp) + "\n" +
                        std::string(viewer);
  return crypto::base64url_encode(crypto::hmac_sha256(secret_, message));
}

std::string PlaybackSigner::sign(const std::string& video_id, Millis expires_at_ms, const std::string& viewer_id) const {
  std::string exp = std::to_string(expires_at_ms / 1000);
  std::string query = "exp=" + exp;
  if (!viewer_id.empty()) query += "&vid=" + viewer_id;
  return query + "&sig=" + mac(video_id, exp, viewer_id);
}

std::optional<PlaybackGrant> PlaybackSigner::verify(const std::string& video_id, std::string_view exp,
                                                    std::string_view viewer, std::string_view sig) const {
  if (exp.empty() || sig.empty() || exp.size() > 20 || viewer.size() > 64) return std::nullopt;
  long long seconds = 0;
  auto [ptr, ec] = std::from_chars(exp.data(), exp.data() + exp.size(), seconds);
  if (ec != std::errc() || ptr != exp.data() + exp.size()) return std::nullopt;
  if (!crypto::constant_time_equal(sig, mac(video_id, exp, viewer))) return std::nullopt;
  if (static_cast<Millis>(seconds) * 1000 <= clock_.now_ms()) return std::nullopt;
  return PlaybackGrant{static_cast<Millis>(seconds) * 1000, std::string(viewer)};
}

}  // namespace marquee::playback
