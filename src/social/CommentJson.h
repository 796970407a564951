#pragma once
// The one JSON shape of a comment, shared by every route that returns comments.
#include <boost/json/object.hpp>

#include "social/Comment.h"
#include "social/CommentService.h"

namespace marquee::social {

// liked_by_me appears only when the comment was read for a signed-in viewer.
boost::json::object comment_json(const Comment& comment);
// {"items":[…], "next_cursor": "…" | null}
boost::json::object comment_page_json(const CommentPage& page);

}  // namespace marquee::social
