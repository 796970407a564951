#pragma once
// The JSON answers of rating a video and of liking a video or a comment.
#include <boost/json/object.hpp>

#include "social/Rating.h"

namespace marquee::social {

// {"rating": "like" | "dislike" | "none", "likes_count": …, "dislikes_count": …}
boost::json::object rating_json(const RatingState& state);
// {"liked": …, "likes_count": …}
boost::json::object like_toggle_json(const LikeToggle& toggle);

}  // namespace marquee::social
