#include "social/CommentJson.h"

#include <boost/json/array.hpp>

#include "core/JsonPage.h"

namespace marquee::social {

boost::json::object comment_json(const Comment& comment) {
  boost::json::object out{
      {"id", comment.id},
      {"video_id", comment.video_id},
      {"parent_id", comment.parent_id ? boost::json::value(*comment.parent_id) : nullptr},
      {"author", {{"id", comment.author_id}, {"username", comment.author_username}}},
      {"text", comment.text},
      {"likes_count", comment.likes_count},
      {"replies_count", comment.replies_count},
      {"created_at", to_rfc3339(comment.created_at)},
      {"updated_at", to_rfc3339(comment.updated_at)},
      {"edited", comment.edited_at.has_value()},
  };
  if (comment.liked_by_me) out["liked_by_me"] = *comment.liked_by_me;
  return out;
}

boost::json::object comment_page_json(const CommentPage& page) { return json::page_json(page, comment_json); }

}  // namespace marquee::social
