#include "social/CommentText.h"

#include "core/UserText.h"

namespace marquee::social {

std::string normalized_comment_text(std::string_view raw) {
  return text::clean_prose(raw, "text", kMaxCommentLength, text::Presence::required);
}

}  // namespace marquee::social
