#pragma once
// Who may watch what, and with which URLs. Public and unlisted videos play from plain
// URLs; private and premium ones need a signed token (PlaybackSigner), handed out only to
// viewers allowed to watch: the owner and moderators for private videos, premium
// accounts (and the owner and moderators) for premium ones.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "playback/PlaybackSigner.h"
#include "events/EventBus.h"
#include "videos/VideoService.h"

namespace marquee::playback {

struct PlaybackTicket {
  videos::Video video;
  std::string query;  // the signed query string ("" when the video plays unsigned)
  Millis expires_at_ms = 0;
};

// Which media files of a video need a token.
bool needs_signature(const videos::VideoAccess& video, const std::string& relative_path);

class PlaybackService {
 public:
  // Drops a video's cached access facts when any node changes or deletes it (video events on
  // `bus`), so a video made private stops playing at once everywhere.
  PlaybackService(videos::VideoService& videos, const PlaybackSigner& signer, const Clock& clock, int token_ttl_s,
                  events::EventBus& bus);

  // 404 when the caller may not see the video, 410 when it was removed, 403 `age_restricted`
  // for an adult video before the age gate (`age_gate_passed`), 403 for premium without
  // premium, 409 when there is nothing to play yet. Held and adult videos play signed.
  PlaybackTicket ticket(const accounts::Caller& caller, const std::string& video_id, bool age_gate_passed);

  // For the media route: may this request read this file of this video?
  enum class Verdict { unknown, missing, forbidden, allowed };
  struct MediaAccess {
    Verdict verdict = Verdict::unknown;  // unknown: not decidable from memory (memory_only)
    bool signed_ = false;                // playlists must carry the token onward
    bool finished = false;               // the video is ready: its files no longer change
    bool private_cache = false;          // no shared cache may keep it (an adult video's)
  };
  // `memory_only` (the I/O thread's fast path) never reads the database: it answers
  // unknown when the video's access facts are not cached. An adult video's files need a
  // token or `age_gate_cookie` (the browser passed the age gate: AgeGate.h); with adult
  // content off site-wide (`adult_content`), they are missing.
  MediaAccess media_access(const std::string& video_id, const std::string& relative, std::string_view exp,
                           std::string_view viewer, std::string_view sig, bool memory_only, bool age_gate_cookie,
                           bool adult_content);

 private:
  // The outer optional is empty when memory_only and nothing fresh is cached.
  std::optional<std::optional<videos::VideoAccess>> access_facts(const std::string& video_id, bool memory_only);

  videos::VideoService& videos_;
  const PlaybackSigner& signer_;
  const Clock& clock_;
  int token_ttl_s_;

  // Media requests arrive many per second per viewer; the access facts are cached briefly.
  struct CachedAccess {
    std::optional<videos::VideoAccess> access;
    std::chrono::steady_clock::time_point fetched;
  };
  std::mutex cache_mutex_;
  std::map<std::string, CachedAccess> cache_;  // guarded by cache_mutex_
  std::vector<events::Subscription> subscriptions_;  // last: cancelled before the cache goes
};

}  // namespace marquee::playback
