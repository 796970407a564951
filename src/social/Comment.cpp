#include "social/Comment.h"

namespace marquee::social {

std::optional<CommentSort> parse_comment_sort(std::string_view name) {
  if (name == "newest") return CommentSort::newest;
  if (name == "top") return CommentSort::top;
  return std::nullopt;
}

}  // namespace marquee::social
