#pragma once
// The rules of video records: who may create, see, change and delete them, what their text
// may contain, and how listings page through them. Callers pass who is asking; the service
// answers 404 rather than 403 whenever the asker may not know the video exists.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "db/Database.h"
#include "videos/Video.h"
#include "events/EventBus.h"
#include "videos/VideoCache.h"
#include "videos/VideoStore.h"

namespace marquee::videos {

inline constexpr std::int64_t kDefaultPageSize = 20;
inline constexpr std::int64_t kMaxPageSize = 100;

// What a client may set on a video. On create, title is required and absent fields take
// their defaults (public, not premium, not adult); on update, absent fields stay as they are.
struct VideoFields {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> tags;
  std::optional<std::string> category;
  std::optional<std::string> visibility;  // "public" | "unlisted" | "private"
  std::optional<bool> is_premium;
  std::optional<bool> is_adult;
};
using VideoDraft = VideoFields;
using VideoPatch = VideoFields;

struct VideoQuery {
  std::optional<std::string> channel;  // a username
  std::optional<std::string> tag;
  std::optional<std::int64_t> limit;
  std::optional<std::string> cursor;  // next_cursor of the previous page
  bool adult_allowed = false;         // ?adult=true and past the age gate (the owner sees their own)
};

class VideoService {
 public:
  // cache_ttl: how long a read video is answered from memory (0 disables the cache). Publishes
  // kVideoChanged and kVideoDeleted (VideoEvents.h) on `bus`, and drops its cached copy when
  // another node publishes them.
  VideoService(db::Database& db, const Clock& clock, events::EventBus& bus,
               std::chrono::milliseconds cache_ttl = std::chrono::milliseconds(0));

  Video create(const accounts::Principal& author, const VideoDraft& draft);
  Video get(const accounts::Caller& caller, const std::string& id);
  // get() from memory only, for the I/O thread: nullopt when the video is not cached (the
  // caller then uses get() on the blocking pool). Throws 404 like get() when it is cached
  // but hidden from the caller.
  std::optional<CachedVideo> cached(const accounts::Caller& caller, const std::string& id) const;
  // Drops a cached copy after another feature changed the video's row (its counters).
  void forget_cached(const std::string& id) { cache_.erase(id); }
  // After changes to many videos' rows at once (an account's activity undone).
  void forget_all_cached() { cache_.clear(); }
  Video update(const accounts::Principal& editor, const std::string& id, const VideoPatch& patch);
  void remove(const accounts::Principal& editor, const std::string& id);
  // Newest first. Without a channel: every public, published video. With one: that
  // channel's public, published videos, or all of them for its owner and moderators.
  VideoPage list(const accounts::Caller& caller, const VideoQuery& query);

  // For the media pipeline (uploads, transcoding), not for clients: no permission checks.
  std::optional<Video> find(const std::string& id) { return store_.find(id); }
  std::optional<VideoAccess> access(const std::string& id) { return store_.access(id); }
  void set_status(const std::string& id, VideoStatus status, const std::string& failure_reason = "");
  void set_source_bytes(const std::string& id, std::int64_t bytes);
  void set_progress(const std::string& id, int percent);
  void save_media(const std::string& id, const MediaFacts& facts);
  // For retention and account deletion: deletes like remove() does, delete listeners
  // included, without permission checks. False when there is no such video.
  bool purge(const std::string& id);
  // For the moderators (src/moderation), without permission checks: holds, removes or restores
  // the video (`action_id`: the moderation action responsible). Lists, caches, search and
  // recommendations follow at once on every node (kVideoChanged); a restored video never
  // announced before is announced now. The video as it was; nullopt when there is none.
  std::optional<Video> set_moderation(const std::string& id, Moderation state, const std::string& public_reason,
                                      const std::string& action_id = "");
  std::vector<std::string> ids_moderated_by(const std::string& action_id) { return store_.ids_moderated_by(action_id); }
  // A moderator's age restriction (is_adult, locked against the owner), or its lifting (both cleared).
  void set_age_restriction(const std::string& id, bool restricted);
  // Pre-moderation: when set, a new video of an author it names is created held for review,
  // with `reason`; `held` runs after it was stored (to open the review case).
  struct NewVideoReview {
    std::function<std::optional<std::string>(const accounts::Principal& author)> reason;
    std::function<void(const Video&)> held;
  };
  void review_new_videos(NewVideoReview review) { review_ = std::move(review); }
  // Holds an existing video for review with `reason` (a source screen's doubt: SourceScreen.h),
  // and opens its review case as pre-moderation does.
  void hold_for_review(const std::string& id, const std::string& reason);
  // Every video of an account, drafts and private ones included.
  std::vector<std::string> ids_of_owner(const std::string& owner_id) { return store_.ids_of_owner(owner_id); }
 private:
  void publish(const char* type, const std::string& id);
  // Publishes kVideoPublished when the video is public and watchable for the first time.
  void announce_if_first(const std::string& id);

  VideoStore store_;
  const Clock& clock_;
  events::EventBus& bus_;
  VideoCache cache_;
  NewVideoReview review_;
  std::vector<events::Subscription> subscriptions_;  // last: cancelled before the cache goes
};

}  // namespace marquee::videos
