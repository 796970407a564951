#include "social/Rating.h"

namespace marquee::social {

std::string_view rating_name(Rating rating) {
  switch (rating) {
    case Rating::like: return "like";
    case Rating::dislike: return "dislike";
    case Rating::none: break;
  }
  return "none";
}

std::optional<Rating> parse_rating(std::string_view name) {
  if (name == "like") return Rating::like;
  if (name == "dislike") return Rating::dislike;
  if (name == "none") return Rating::none;
  return std::nullopt;
}

}  // namespace marquee::social
