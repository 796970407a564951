#pragma once
// Signed playback URLs. A token is an HMAC-SHA256 over the video's media path prefix, an
// expiry and optionally the viewer's id; it travels in the query string (`exp`, `vid`,
// `sig`) of the master playlist and is copied into every playlist and segment URL, so one
// token opens exactly one video's files until it expires. The same check is expressible at
// an nginx edge (docs/cdn.md).
#include <optional>
#include <string>
#include <string_view>

#include "core/Clock.h"

namespace marquee::playback {

struct PlaybackGrant {
  Millis expires_at_ms = 0;
  std::string viewer_id;  // empty: not bound to a viewer
};

class PlaybackSigner {
 public:
  PlaybackSigner(std::string secret, const Clock& clock) : secret_(std::move(secret)), clock_(clock) {}

  // The query string (without '?') that grants access to video_id's files until expiry.
  std::string sign(const std::string& video_id, Millis expires_at_ms, const std::string& viewer_id = "") const;
  // Checks a request's query parameters; nullopt when missing, expired, tampered or for
  // another video.
  std::optional<PlaybackGrant> verify(const std::string& video_id, std::string_view exp, std::string_view viewer,
                                      std::string_view sig) const;

 private:
  std::string mac(const std::string& video_id, std::string_view exp, std::string_view viewer) const;

  std::string secret_;
  const Clock& clock_;
};

// The prefix every media URL of a video shares; what a token covers.
std::string media_prefix(const std::string& video_id);

}  // namespace marquee::playback
