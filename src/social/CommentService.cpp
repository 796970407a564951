#include "social/CommentService.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include "core/Error.h"
#include "core/Ids.h"
#include "social/CommentEvents.h"
#include "social/CommentText.h"
#include "social/ListCursor.h"
#include "social/PageLimit.h"
#include "videos/VideoPolicy.h"

namespace marquee::social {
namespace {

constexpr int kIdAttempts = 3;

std::string viewer_id(const accounts::Caller& caller) { return caller ? caller->user_id : std::string(); }

std::optional<std::string> present(const std::optional<std::string>& value) {
  if (!value || value->empty()) return std::nullopt;
  return value;
}

CommentSort checked_sort(const std::optional<std::string>& sort) {
  if (!present(sort)) return CommentSort::newest;
  auto parsed = parse_comment_sort(*sort);
  if (!parsed) throw_validation("sort", "sort must be newest or top");
  return *parsed;
}

ListPosition position_of(const Comment& comment, CommentSort sort) {
  return {sort == CommentSort::top ? comment.likes_count : 0, comment.created_at, comment.id};
}

// Keeps `size` items and says where the next page starts when there were more.
CommentPage paged(std::vector<Comment> items, int size, CursorKind kind, CommentSort sort) {
  CommentPage page{std::move(items), std::nullopt};
  if (page.items.size() > static_cast<std::size_t>(size)) {
    page.items.resize(static_cast<std::size_t>(size));
    page.next_cursor = encode_cursor(kind, position_of(page.items.back(), sort));
  }
  return page;
}

bool may_delete(const accounts::Principal& who, const Comment& comment, const videos::Video& video) {
  return who.user_id == comment.author_id || videos::may_manage(who, video);
}

}  // namespace

std::pair<Comment, videos::Video> CommentService::visible_comment(const accounts::Caller& caller,
                                                                  const std::string& comment_id) {
  if (!looks_like_public_id(comment_id)) throw_not_found("comment");
  auto comment = store_.find(comment_id, viewer_id(caller));
  if (!comment) throw_not_found("comment");
  try {
    videos::Video video = videos_.get(caller, comment->video_id);
    return {std::move(*comment), std::move(video)};
  } catch (const Error& e) {
    if (e.code() == ErrorCode::not_found) throw_not_found("comment");
    throw;
  }
}

Comment CommentService::post(const accounts::Principal& author, const std::string& video_id,
                             const CommentDraft& draft) {
  Comment comment;
  comment.text = normalized_comment_text(draft.text);
  videos_.get(author, video_id);
  comment.video_id = video_id;
  comment.author_id = author.user_id;
  if (auto parent = present(draft.parent_id)) {
    if (!looks_like_public_id(*parent)) throw_validation("parent_id", "parent_id must be a comment on this video");
    comment.parent_id = parent;
  }
  comment.created_at = comment.updated_at = clock_.now_ms();
  comment.liked_by_me = false;

  for (int attempt = 1;; ++attempt) {
    comment.id = new_public_id();
    try {
      switch (store_.insert(comment)) {
        case WriteStatus::done:
          videos_.forget_cached(comment.video_id);
          publish(kCommentCreated, comment);
          return comment;
        case WriteStatus::user_missing: throw_unauthorized("your account no longer exists");
        case WriteStatus::parent_invalid: throw_validation("parent_id", "parent_id must be a comment on this video");
        case WriteStatus::too_deep:
          throw_validation("parent_id", "replies nest at most " + std::to_string(kMaxReplyDepth) + " levels deep");
        default: throw_not_found("video");
      }
    } catch (const db::UniqueViolation&) {
      if (attempt == kIdAttempts) throw;
    }
  }
}

Comment CommentService::get(const accounts::Caller& caller, const std::string& comment_id) {
  return visible_comment(caller, comment_id).first;
}

CommentPage CommentService::list(const accounts::Caller& caller, const std::string& video_id,
                                 const CommentQuery& query) {
  CommentListFilter filter;
  filter.sort = checked_sort(query.sort);
  const int size = checked_page_size(query.limit);
  const CursorKind kind = filter.sort == CommentSort::top ? CursorKind::top_comments : CursorKind::newest_comments;
  if (auto cursor = present(query.cursor)) filter.after = decode_cursor(kind, *cursor);
  videos_.get(caller, video_id);
  filter.video_id = video_id;
  filter.limit = size + 1;
  return paged(store_.list(filter, viewer_id(caller)), size, kind, filter.sort);
}

CommentPage CommentService::replies(const accounts::Caller& caller, const std::string& comment_id,
                                    const CommentQuery& query) {
  ReplyListFilter filter;
  const int size = checked_page_size(query.limit);
  if (auto cursor = present(query.cursor)) filter.after = decode_cursor(CursorKind::replies, *cursor);
  visible_comment(caller, comment_id);
  filter.parent_id = comment_id;
  filter.limit = size + 1;
  return paged(store_.replies(filter, viewer_id(caller)), size, CursorKind::replies, CommentSort::newest);
}

Comment CommentService::edit(const accounts::Principal& editor, const std::string& comment_id,
                             const std::string& text) {
  std::string normalized = normalized_comment_text(text);
  Comment comment = visible_comment(editor, comment_id).first;
  if (comment.author_id != editor.user_id) throw_forbidden("only the author may edit a comment");
  if (comment.text == normalized) return comment;
  const Millis now = clock_.now_ms();
  if (!store_.set_text(comment_id, normalized, now)) throw_not_found("comment");
  comment.text = std::move(normalized);
  comment.updated_at = now;
  comment.edited_at = now;
  return comment;
}

void CommentService::remove(const accounts::Principal& remover, const std::string& comment_id) {
  auto [comment, video] = visible_comment(remover, comment_id);
  if (!may_delete(remover, comment, video)) {
    throw_forbidden("only the author, the video's owner or a moderator may delete a comment");
  }
  const std::int64_t removed = store_.remove_thread(comment_id);
  if (removed == 0) throw_not_found("comment");
  videos_.forget_cached(comment.video_id);
  publish(kCommentDeleted, comment, removed);
}

void CommentService::publish(const char* type, const Comment& comment, std::int64_t removed) {
  events::Event event;
  event.type = type;
  event.subject = comment.id;
  if (std::string_view(type) == kCommentDeleted) {
    event.data = boost::json::serialize(boost::json::object{
        {"video_id", comment.video_id}, {"author_id", comment.author_id}, {"removed_count", removed}});
  } else if (!comment.parent_id) {
    event.data = events::data_of({{"video_id", comment.video_id}, {"author_id", comment.author_id}});
  } else {
    // Whom the reply answers, for those who tell them (notifications). The comment is saved
    // already: a failed lookup leaves the field empty rather than failing the request.
    std::optional<Comment> parent;
    try {
      parent = store_.find(*comment.parent_id, "");
    } catch (const std::exception& e) {
      spdlog::warn("comment {}: the parent's author could not be read for its event: {}", comment.id, e.what());
    }
    event.data = events::data_of({{"video_id", comment.video_id},
                                  {"author_id", comment.author_id},
                                  {"parent_id", *comment.parent_id},
                                  {"parent_author_id", parent ? parent->author_id : std::string()}});
  }
  bus_.publish(std::move(event));
}

LikeToggle CommentService::toggle_like(const accounts::Principal& liker, const std::string& comment_id) {
  visible_comment(liker, comment_id);
  auto write = store_.toggle_like(comment_id, liker.user_id, clock_.now_ms());
  switch (write.status) {
    case WriteStatus::done: return write.toggle;
    case WriteStatus::user_missing: throw_unauthorized("your account no longer exists");
    default: throw_not_found("comment");
  }
}

}  // namespace marquee::social
