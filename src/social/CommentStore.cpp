#include "social/CommentStore.h"

#include "social/RowLock.h"

namespace marquee::social {
namespace {

// The first parameter is the viewer's id, for liked_by_me ('' matches no account).
constexpr const char* kSelectComment =
    "SELECT c.id AS id, c.video_id AS video_id, c.parent_id AS parent_id, c.author_id AS author_id, "
    "u.username AS author_username, c.body AS body, c.likes_count AS likes_count, "
    "c.replies_count AS replies_count, c.created_at AS created_at, c.updated_at AS updated_at, "
    "c.edited_at AS edited_at, "
    "CASE WHEN EXISTS (SELECT 1 FROM comment_likes l WHERE l.comment_id = c.id AND l.user_id = ?) THEN 1 ELSE 0 END "
    "AS liked_by_me "
    "FROM comments c JOIN users u ON u.id = c.author_id";

// The comment and every reply under it, at any depth.
constexpr const char* kThread =
    "WITH RECURSIVE thread (id) AS (SELECT id FROM comments WHERE id = ? "
    "UNION ALL SELECT c.id FROM comments c JOIN thread t ON c.parent_id = t.id) ";

Comment comment_from(const db::Row& row, bool signed_in) {
  Comment c;
  c.id = row.str("id");
  c.video_id = row.str("video_id");
  if (!row.is_null("parent_id")) c.parent_id = row.str("parent_id");
  c.author_id = row.str("author_id");
  c.author_username = row.str("author_username");
  c.text = row.str("body");
  c.likes_count = row.i64("likes_count");
  c.replies_count = row.i64("replies_count");
  c.created_at = row.i64("created_at");
  c.updated_at = row.i64("updated_at");
  if (!row.is_null("edited_at")) c.edited_at = row.i64("edited_at");
  if (signed_in) c.liked_by_me = row.boolean("liked_by_me");
  return c;
}

std::vector<Comment> run_list(db::Database& db, const std::string& sql, const std::vector<db::Value>& params,
                              bool signed_in) {
  return db.read([&](db::Connection& c) {
    std::vector<Comment> out;
    for (auto row : c.exec(sql, params)) out.push_back(comment_from(row, signed_in));
    return out;
  });
}

// Removes the thread rooted at `id` and moves the counters; the caller holds the video's lock.
std::int64_t remove_thread_in(db::Connection& c, const std::string& id, const std::string& video_id,
                              const std::optional<std::string>& parent_id) {
  // Counted first: a DELETE reports only the rows it removed itself, not those its cascade
  // removed. Nothing can join the thread meanwhile, as adding a reply takes the same lock.
  const std::int64_t count = c.exec(std::string(kThread) + "SELECT COUNT(*) AS n FROM thread", {id}).front().i64("n");
  if (count == 0) return 0;
  c.exec(std::string(kThread) + "DELETE FROM comments WHERE id IN (SELECT id FROM thread)", {id});
  if (parent_id) c.exec("UPDATE comments SET replies_count = replies_count - 1 WHERE id = ?", {*parent_id});
  c.exec("UPDATE videos SET comments_count = comments_count - ? WHERE id = ?", {count, video_id});
  return count;
}

struct ThreadRoot {
  std::string video_id;
  std::optional<std::string> parent_id;
};

std::optional<ThreadRoot> thread_root(db::Connection& c, const std::string& id) {
  auto found = c.exec("SELECT video_id, parent_id FROM comments WHERE id = ?", {id});
  if (found.empty()) return std::nullopt;
  auto row = found.front();
  ThreadRoot root{row.str("video_id"), std::nullopt};
  if (!row.is_null("parent_id")) root.parent_id = row.str("parent_id");
  return root;
}

std::int64_t likes_of(db::Connection& c, const std::string& comment_id) {
  return c.exec("SELECT likes_count FROM comments WHERE id = ?", {comment_id}).front().i64("likes_count");
}

}  // namespace

WriteStatus CommentStore::insert(Comment& comment) {
  return db_.write([&](db::Connection& c) {
    if (!lock_counter_row(c, db_.dialect(), CounterRow::video, comment.video_id)) return WriteStatus::video_missing;
    auto author = c.exec(db_.dialect() == db::Dialect::postgres ? "SELECT username FROM users WHERE id = ? FOR KEY SHARE"
                                                                : "SELECT username FROM users WHERE id = ?",
                         {comment.author_id});
    if (author.empty()) return WriteStatus::user_missing;
    std::int64_t depth = 0;
    if (comment.parent_id) {
      auto parent = c.exec("SELECT video_id, depth FROM comments WHERE id = ?", {*comment.parent_id});
      if (parent.empty() || parent.front().str("video_id") != comment.video_id) return WriteStatus::parent_invalid;
      depth = parent.front().i64("depth") + 1;
      if (depth > kMaxReplyDepth) return WriteStatus::too_deep;
    }
    db::Value parent = comment.parent_id ? db::Value(*comment.parent_id) : db::Value(nullptr);
    c.exec(
        "INSERT INTO comments (id, video_id, parent_id, depth, author_id, body, likes_count, replies_count, "
        "created_at, updated_at, edited_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, ?, NULL)",
        {comment.id, comment.video_id, parent, depth, comment.author_id, comment.text, comment.created_at,
         comment.updated_at});
    if (comment.parent_id) {
      c.exec("UPDATE comments SET replies_count = replies_count + 1 WHERE id = ?", {*comment.parent_id});
    }
    c.exec("UPDATE videos SET comments_count = comments_count + 1 WHERE id = ?", {comment.video_id});
    comment.author_username = author.front().str("username");
    return WriteStatus::done;
  });
}

std::optional<Comment> CommentStore::find(const std::string& id, const std::string& viewer_id) {
  auto found = run_list(db_, std::string(kSelectComment) + " WHERE c.id = ?", {viewer_id, id}, !viewer_id.empty());
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<Comment> CommentStore::list(const CommentListFilter& filter, const std::string& viewer_id) {
  std::string sql = std::string(kSelectComment) + " WHERE c.video_id = ? AND c.parent_id IS NULL";
  std::vector<db::Value> params{viewer_id, filter.video_id};
  if (filter.sort == CommentSort::top) {
    if (filter.after) {
      sql += " AND (c.likes_count < ? OR (c.likes_count = ? AND (c.created_at < ? OR (c.created_at = ? AND c.id < ?))))";
      params.insert(params.end(),
                    {filter.after->rank, filter.after->rank, filter.after->at, filter.after->at, filter.after->id});
    }
    sql += " ORDER BY c.likes_count DESC, c.created_at DESC, c.id DESC LIMIT ?";
  } else {
    if (filter.after) {
      sql += " AND (c.created_at < ? OR (c.created_at = ? AND c.id < ?))";
      params.insert(params.end(), {filter.after->at, filter.after->at, filter.after->id});
    }
    sql += " ORDER BY c.created_at DESC, c.id DESC LIMIT ?";
  }
  params.emplace_back(std::int64_t{filter.limit});
  return run_list(db_, sql, params, !viewer_id.empty());
}

std::vector<Comment> CommentStore::replies(const ReplyListFilter& filter, const std::string& viewer_id) {
  std::string sql = std::string(kSelectComment) + " WHERE c.parent_id = ?";
  std::vector<db::Value> params{viewer_id, filter.parent_id};
  if (filter.after) {
    sql += " AND (c.created_at > ? OR (c.created_at = ? AND c.id > ?))";
    params.insert(params.end(), {filter.after->at, filter.after->at, filter.after->id});
  }
  sql += " ORDER BY c.created_at ASC, c.id ASC LIMIT ?";
  params.emplace_back(std::int64_t{filter.limit});
  return run_list(db_, sql, params, !viewer_id.empty());
}

bool CommentStore::set_text(const std::string& id, const std::string& text, Millis now) {
  return db_.execute("UPDATE comments SET body = ?, updated_at = ?, edited_at = ? WHERE id = ?", {text, now, now, id})
             .affected_rows() == 1;
}

std::int64_t CommentStore::remove_thread(const std::string& id) {
  return db_.write([&](db::Connection& c) -> std::int64_t {
    auto root = thread_root(c, id);
    if (!root || !lock_counter_row(c, db_.dialect(), CounterRow::video, root->video_id)) return 0;
    return remove_thread_in(c, id, root->video_id, root->parent_id);
  });
}

CommentLikeWrite CommentStore::toggle_like(const std::string& comment_id, const std::string& user_id, Millis now) {
  return db_.write([&](db::Connection& c) -> CommentLikeWrite {
    if (!lock_counter_row(c, db_.dialect(), CounterRow::comment, comment_id)) return {WriteStatus::comment_missing, {}};
    if (!user_exists(c, db_.dialect(), user_id)) return {WriteStatus::user_missing, {}};
    auto unliked = c.exec("DELETE FROM comment_likes WHERE comment_id = ? AND user_id = ?", {comment_id, user_id});
    if (unliked.affected_rows() == 1) {
      c.exec("UPDATE comments SET likes_count = likes_count - 1 WHERE id = ?", {comment_id});
      return {WriteStatus::done, {false, likes_of(c, comment_id)}};
    }
    auto liked = c.exec(
        "INSERT INTO comment_likes (comment_id, user_id, created_at) VALUES (?, ?, ?) "
        "ON CONFLICT (comment_id, user_id) DO NOTHING",
        {comment_id, user_id, now});
    if (liked.affected_rows() == 1) {
      c.exec("UPDATE comments SET likes_count = likes_count + 1 WHERE id = ?", {comment_id});
    }
    return {WriteStatus::done, {true, likes_of(c, comment_id)}};
  });
}

std::int64_t CommentStore::remove_all_by(const std::string& user_id) {
  std::int64_t removed = 0;
  for (auto row : db_.query("SELECT id FROM comments WHERE author_id = ? ORDER BY created_at, id", {user_id})) {
    removed += remove_thread(row.str("id"));
  }
  for (auto row : db_.query("SELECT comment_id FROM comment_likes WHERE user_id = ?", {user_id})) {
    const std::string comment_id = row.str("comment_id");
    removed += db_.write([&](db::Connection& c) -> std::int64_t {
      if (!lock_counter_row(c, db_.dialect(), CounterRow::comment, comment_id)) return 0;
      auto unliked = c.exec("DELETE FROM comment_likes WHERE comment_id = ? AND user_id = ?", {comment_id, user_id});
      if (unliked.affected_rows() != 1) return 0;
      c.exec("UPDATE comments SET likes_count = likes_count - 1 WHERE id = ?", {comment_id});
      return 1;
    });
  }
  return removed;
}

}  // namespace marquee::social
