#pragma once
// A video record as stored: who owns it, what it is called, who may see it and how far its
// media has come. Plain data; rules live in VideoService, SQL in VideoStore, JSON in VideoJson.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Clock.h"

namespace marquee::videos {

// public: listed and watchable; unlisted: watchable by anyone holding the id, never listed;
// private: the owner and moderators only.
enum class Visibility { public_, unlisted, private_ };

std::string_view visibility_name(Visibility visibility);
std::optional<Visibility> parse_visibility(std::string_view name);

// Where the media pipeline is. A record starts as a draft; the upload and transcoding
// work moves it along. `playable` means a first rendition can be watched, `ready` that
// every rendition is done.
enum class VideoStatus { draft, uploading, queued, processing, playable, ready, failed };

std::string_view status_name(VideoStatus status);
std::optional<VideoStatus> parse_status(std::string_view name);
// True when viewers other than the owner can watch it, so listings may show it.
bool is_published(VideoStatus status);

// A video's standing with the moderators (src/moderation). Only `none` is listed or watchable
// by others: `held` waits for review before it is public (its owner and moderators see it);
// `removed` was taken down (it answers 410 with the public reason; its files stay for appeal).
enum class Moderation { none, held, removed };

std::string_view moderation_name(Moderation moderation);  // "", "held", "removed"
Moderation parse_moderation(std::string_view name);        // unknown names read as removed

// One rung of the HLS ladder as viewers' players see it.
struct Rendition {
  std::string name;  // "720p"
  std::int64_t width = 0;
  std::int64_t height = 0;
  std::int64_t bandwidth = 0;          // peak bits/s
  std::int64_t average_bandwidth = 0;  // bits/s
  std::string codecs;                  // "avc1.64001f,mp4a.40.2"
  std::string playlist;                // relative to the video's hls/ directory

  bool operator==(const Rendition&) const = default;
};

struct Video {
  std::string id;
  std::string owner_id;
  std::string owner_username;
  std::string title;
  std::string description;
  std::vector<std::string> tags;  // lower-case, unique, in the owner's order
  std::string category;
  Visibility visibility = Visibility::public_;
  bool is_premium = false;
  bool is_adult = false;
  VideoStatus status = VideoStatus::draft;
  std::string failure_reason;
  std::int64_t duration_ms = 0;
  std::int64_t width = 0;
  std::int64_t height = 0;
  std::int64_t views_count = 0;
  std::int64_t likes_count = 0;
  std::int64_t dislikes_count = 0;
  std::int64_t comments_count = 0;
  Millis created_at = 0;
  Millis updated_at = 0;
  int progress = 0;  // 0–100 while processing
  bool has_poster = false;
  bool has_storyboard = false;
  Moderation moderation = Moderation::none;
  std::string moderation_reason;  // the public reason of a hold or removal
  std::string moderation_action_id;  // the moderation action that held or removed it
  bool adult_locked = false;         // a moderator's age restriction: only a moderator clears is_adult
  std::vector<Rendition> renditions;  // filled by VideoStore::find, not by list()

  bool operator==(const Video&) const = default;
};

// Public, published and not held or removed: what lists show (videos::listed_condition in SQL).
bool is_listed(const Video& video);

// One page of a cursor-paginated list of videos.
struct VideoPage {
  std::vector<Video> items;
  std::optional<std::string> next_cursor;  // absent on the last page
};

}  // namespace marquee::videos
