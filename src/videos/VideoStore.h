#pragma once
// The SQL of video records and their tags. Knows tables, not rules: who may see or change
// a video is decided by VideoService, which hands its checks to the store so that a
// read-check-write runs in one transaction.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"
#include "videos/Video.h"

namespace marquee::videos {

// A place in the newest-first order (created_at DESC, id DESC).
struct ListPosition {
  Millis created_at = 0;
  std::string id;
};

struct VideoListFilter {
  std::optional<std::string> owner_id;
  std::optional<std::string> tag;          // as stored: lower-case
  bool public_and_published_only = true;   // false: every video, drafts and private ones included
  bool include_adult = false;
  std::optional<ListPosition> after;       // strictly older than this position
  int limit = 20;
};

struct VideoAccess {
  std::string owner_id;
  Visibility visibility = Visibility::private_;
  bool is_premium = false;
  VideoStatus status = VideoStatus::draft;
  bool is_adult = false;
  Moderation moderation = Moderation::none;
};

// What a transcode learned about a video's media.
struct MediaFacts {
  std::int64_t duration_ms = 0;
  std::int64_t width = 0;
  std::int64_t height = 0;
  bool has_poster = false;
  bool has_storyboard = false;
  std::vector<Rendition> renditions;
};

class VideoStore {
 public:
  explicit VideoStore(db::Database& db) : db_(db) {}

  // Stores a new video and its tags. Returns the owner's username, or nullopt when the
  // owner's account does not exist (nothing is written then). Throws db::UniqueViolation
  // when the id is taken.
  std::optional<std::string> insert(const Video& video);
  // Just what deciding access to a video's media needs; cheaper than find().
  std::optional<VideoAccess> access(const std::string& id);
  // The video with its renditions.
  std::optional<Video> find(const std::string& id);
  // Loads the video, lets `edit` change it (or throw to refuse, which writes nothing) and
  // saves the owner-editable metadata and tags, all in one write transaction. nullopt when
  // there is no such video. `edit` may run more than once if the transaction is retried.
  std::optional<Video> modify(const std::string& id, const std::function<void(Video&)>& edit);
  // Deletes the video once `approve` returns without throwing; false when there is none.
  bool remove(const std::string& id, const std::function<void(const Video&)>& approve);
  // Newest first, at most filter.limit videos.
  std::vector<Video> list(const VideoListFilter& filter);
  // Pipeline bookkeeping, outside the owner's metadata: status (and why it failed) and
  // the size of the source media. False when there is no such video.
  bool set_status(const std::string& id, VideoStatus status, const std::string& failure_reason, Millis now);
  bool set_source_bytes(const std::string& id, std::int64_t bytes, Millis now);
  bool set_progress(const std::string& id, int percent, Millis now);
  // Records the first moment the video is public and watchable (playable or ready); returns
  // its owner's id when this call was that moment, nullopt otherwise (not yet, or already).
  std::optional<std::string> mark_published(const std::string& id, Millis now);
  // The moderators' hold, removal or restoration (`action_id`: the action that did it, "" for
  // none). False when there is no such video.
  bool set_moderation(const std::string& id, Moderation state, const std::string& reason,
                      const std::string& action_id, Millis now);
  void set_age_restriction(const std::string& id, bool restricted, Millis now);
  // The videos an action held or removed and that still stand so (a ban's, to undo it).
  std::vector<std::string> ids_moderated_by(const std::string& action_id);
  // Replaces the rendition list and the media facts in one transaction.
  void save_media(const std::string& id, const MediaFacts& facts, Millis now);

  // The id of the account whose username matches, ignoring ASCII case.
  std::optional<std::string> find_user_id_by_username(const std::string& username);
  // Ids of every video of an owner, whatever its status or visibility.
  std::vector<std::string> ids_of_owner(const std::string& owner_id);

 private:
  db::Database& db_;
};

}  // namespace marquee::videos
