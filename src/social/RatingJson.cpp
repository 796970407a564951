#include "social/RatingJson.h"

namespace marquee::social {

boost::json::object rating_json(const RatingState& state) {
  return {{"rating", rating_name(state.rating)},
          {"likes_count", state.likes_count},
          {"dislikes_count", state.dislikes_count}};
}

boost::json::object like_toggle_json(const LikeToggle& toggle) {
  return {{"liked", toggle.liked}, {"likes_count", toggle.likes_count}};
}

}  // namespace marquee::social
