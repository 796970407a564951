#pragma once
// A comment on a video as stored, or a reply when it has a parent. Plain data; rules live in
// CommentService, SQL in CommentStore, JSON in CommentJson.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/Clock.h"

namespace marquee::social {

struct Comment {
  std::string id;
  std::string video_id;
  std::optional<std::string> parent_id;  // absent for a top-level comment
  std::string author_id;
  std::string author_username;
  std::string text;  // plain text as the author typed it (normalized), never HTML
  std::int64_t likes_count = 0;
  std::int64_t replies_count = 0;  // direct replies
  Millis created_at = 0;
  Millis updated_at = 0;
  std::optional<Millis> edited_at;  // the last change of the text
  std::optional<bool> liked_by_me;  // set when read for a signed-in viewer
};

// newest: most recent first. top: most liked first, then most recent.
enum class CommentSort { newest, top };

std::optional<CommentSort> parse_comment_sort(std::string_view name);

}  // namespace marquee::social
