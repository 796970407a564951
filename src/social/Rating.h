#pragma once
// A user's rating of a video and what a rating change answers with. Plain data; rules live
// in RatingService, SQL in RatingStore.
#include <cstdint>
#include <optional>
#include <string_view>

namespace marquee::social {

// `none` is the absence of a rating row; only likes and dislikes are stored.
enum class Rating { none, like, dislike };

std::string_view rating_name(Rating rating);
std::optional<Rating> parse_rating(std::string_view name);

// The caller's rating of a video next to the video's counters, read in one transaction.
struct RatingState {
  Rating rating = Rating::none;
  std::int64_t likes_count = 0;
  std::int64_t dislikes_count = 0;
};

// The answer to a like toggle, on a video or a comment.
struct LikeToggle {
  bool liked = false;
  std::int64_t likes_count = 0;
};

}  // namespace marquee::social
