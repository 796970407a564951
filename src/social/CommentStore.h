#pragma once
// The SQL of comments, their likes, and the counters that count them: comments_count on the
// video (every comment and reply), replies_count on a comment (its direct replies) and
// likes_count on a comment. A write that adds or removes comments first locks the video's
// row, a like the comment's row (see RowLock.h), and moves the counters in the same
// transaction by what really changed. Knows tables, not rules: CommentService decides who
// may do what.
#include <optional>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"
#include "social/Comment.h"
#include "social/ListCursor.h"
#include "social/Rating.h"
#include "social/WriteStatus.h"

namespace marquee::social {

// How deep replies may nest below a top-level comment (depth 0). Deleting a thread cascades
// through its levels, and SQLite bounds cascades at 1000 levels; no conversation needs more.
inline constexpr std::int64_t kMaxReplyDepth = 100;

struct CommentListFilter {
  std::string video_id;
  CommentSort sort = CommentSort::newest;
  std::optional<ListPosition> after;  // strictly after this position in the sort
  int limit = 20;
};

struct ReplyListFilter {
  std::string parent_id;
  std::optional<ListPosition> after;  // strictly after this position, oldest first
  int limit = 20;
};

struct CommentLikeWrite {
  WriteStatus status = WriteStatus::done;
  LikeToggle toggle;
};

class CommentStore {
 public:
  explicit CommentStore(db::Database& db) : db_(db) {}

  // Stores a new comment and counts it; fills author_username when done. Refuses a reply
  // deeper than kMaxReplyDepth (too_deep). Throws
  // db::UniqueViolation when the id is taken (nothing is written then).
  WriteStatus insert(Comment& comment);
  // `viewer_id` empty: liked_by_me stays unset.
  std::optional<Comment> find(const std::string& id, const std::string& viewer_id);
  std::vector<Comment> list(const CommentListFilter& filter, const std::string& viewer_id);
  std::vector<Comment> replies(const ReplyListFilter& filter, const std::string& viewer_id);
  // Replaces the text and marks the comment edited at `now`; false when it is gone.
  bool set_text(const std::string& id, const std::string& text, Millis now);
  // Deletes the comment with every reply under it, at any depth. Returns how many comments
  // went, 0 when there was none.
  std::int64_t remove_thread(const std::string& id);
  // Removes the user's like of the comment when there is one, otherwise adds it.
  CommentLikeWrite toggle_like(const std::string& comment_id, const std::string& user_id, Millis now);
  // Before an account is deleted: removes its comments (with their threads) and its likes,
  // moving every counter back. Returns how many comments and likes went.
  std::int64_t remove_all_by(const std::string& user_id);

 private:
  db::Database& db_;
};

}  // namespace marquee::social
