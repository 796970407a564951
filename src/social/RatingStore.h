#pragma once
// The SQL of video ratings and of the likes/dislikes counters on videos. Each change runs in
// one write transaction that first locks the video's row (see RowLock.h), then changes the
// rating row with statements whose affected-row counts say what really changed, and moves
// the counters by exactly that. Knows tables, not rules: who may rate is RatingService's.
#include <optional>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"
#include "social/ListCursor.h"
#include "social/Rating.h"
#include "social/WriteStatus.h"

namespace marquee::social {

struct RatingWrite {
  WriteStatus status = WriteStatus::done;
  RatingState state;               // after the write, when done
  Rating previous = Rating::none;  // the user's rating before the write, when done
};

// One of a user's likes: which video, and when it was liked.
struct LikedVideo {
  std::string video_id;
  Millis liked_at = 0;
};

class RatingStore {
 public:
  explicit RatingStore(db::Database& db) : db_(db) {}

  // Sets the user's rating of the video (Rating::none removes it).
  RatingWrite set(const std::string& video_id, const std::string& user_id, Rating rating, Millis now);
  // Removes the user's like when there is one, otherwise sets the rating to like.
  RatingWrite toggle_like(const std::string& video_id, const std::string& user_id, Millis now);
  // The user's rating and the video's counters; nullopt when there is no such video.
  std::optional<RatingState> current(const std::string& video_id, const std::string& user_id);
  // The user's likes, most recent first, strictly after `after` when given.
  std::vector<LikedVideo> liked(const std::string& user_id, const std::optional<ListPosition>& after, int limit);
  // Removes every rating the user gave, moving each video's counters back. Returns how many.
  int remove_all_by(const std::string& user_id);

 private:
  db::Database& db_;
};

}  // namespace marquee::social
