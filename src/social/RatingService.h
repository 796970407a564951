#pragma once
// The rules of rating videos: a signed-in user likes or dislikes a video they may see, at
// most one rating each; `likes_count` and `dislikes_count` on the video always equal the
// number of such ratings. Callers who may not see a video are told it does not exist.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "db/Database.h"
#include "social/Rating.h"
#include "social/RatingStore.h"
#include "events/EventBus.h"
#include "social/RatingEvents.h"
#include "videos/VideoService.h"

namespace marquee::social {

struct LikedQuery {
  std::optional<std::int64_t> limit;
  std::optional<std::string> cursor;  // next_cursor of the previous page
  bool adult_allowed = false;         // the caller passed the age gate (others' adult videos)
};

class RatingService {
 public:
  // Publishes kRatingChanged (RatingEvents.h) on `bus` after every change.
  RatingService(db::Database& db, videos::VideoService& videos, const Clock& clock, events::EventBus& bus)
      : store_(db), videos_(videos), clock_(clock), bus_(bus),
        // Another node's rating moved the video's counters: this node's cached copy goes.
        remote_ratings_(bus.subscribe(kRatingChanged, [this](const events::Event& event) {
          if (event.origin != bus_.node_id()) videos_.forget_cached(event.subject);
        })) {}

  // Sets the rating explicitly: "like", "dislike" or "none". Repeating it changes nothing.
  RatingState rate(const accounts::Principal& rater, const std::string& video_id, const std::string& rating);
  // Likes the video, or takes the like back when there is one (a dislike becomes a like).
  LikeToggle toggle_like(const accounts::Principal& rater, const std::string& video_id);
  // The caller's own rating of a video they may see.
  RatingState rating_of(const accounts::Principal& rater, const std::string& video_id);
  // The videos the caller likes, most recently liked first, leaving out any the caller may
  // no longer see (made private since, for instance).
  videos::VideoPage liked_videos(const accounts::Principal& viewer, const LikedQuery& query);
  // Removes every rating of an account that is about to be deleted, keeping the counters
  // exact; the deletion's cascade would otherwise drop the rows and leave counters high.
  int forget_user(const std::string& user_id) { return store_.remove_all_by(user_id); }

 private:
  RatingState checked(const RatingWrite& write);
  void rated(const std::string& user_id, const std::string& video_id, const RatingWrite& write);

  RatingStore store_;
  videos::VideoService& videos_;
  const Clock& clock_;
  events::EventBus& bus_;
  events::Subscription remote_ratings_;
};

}  // namespace marquee::social
