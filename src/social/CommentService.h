#pragma once
// The rules of comments: signed-in users comment on and reply to videos they may see; only
// the author edits a comment; the author, the video's owner and moderators delete it, and
// deleting a comment deletes the replies under it. Reading follows the video: whoever may
// not see the video is told its comments do not exist. Counters stay exact (see
// CommentStore.h).
#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "db/Database.h"
#include "social/Comment.h"
#include "social/CommentStore.h"
#include "social/Rating.h"
#include "events/EventBus.h"
#include "social/CommentEvents.h"
#include "videos/VideoService.h"

namespace marquee::social {

struct CommentDraft {
  std::string text;
  std::optional<std::string> parent_id;  // replying to this comment of the same video
};

struct CommentQuery {
  std::optional<std::string> sort;  // "newest" (default) | "top"
  std::optional<std::int64_t> limit;
  std::optional<std::string> cursor;  // next_cursor of the previous page
};

struct CommentPage {
  std::vector<Comment> items;
  std::optional<std::string> next_cursor;  // absent on the last page
};

class CommentService {
 public:
  // Publishes kCommentCreated and kCommentDeleted (CommentEvents.h) on `bus`.
  CommentService(db::Database& db, videos::VideoService& videos, const Clock& clock, events::EventBus& bus)
      : store_(db), videos_(videos), clock_(clock), bus_(bus) {
    // Another node's comment moved the video's counters: this node's cached copy goes.
    auto forget = [this](const events::Event& event) {
      if (event.origin == bus_.node_id()) return;
      if (auto video_id = events::data_string(event, "video_id")) videos_.forget_cached(*video_id);
    };
    remote_comments_.push_back(bus.subscribe(kCommentCreated, forget));
    remote_comments_.push_back(bus.subscribe(kCommentDeleted, forget));
  }

  Comment post(const accounts::Principal& author, const std::string& video_id, const CommentDraft& draft);
  Comment get(const accounts::Caller& caller, const std::string& comment_id);
  // Without permission checks, for the realtime relay (which sends it to the video's room,
  // whose members may see the video).
  std::optional<Comment> find(const std::string& comment_id) { return store_.find(comment_id, ""); }
  // A video's top-level comments.
  CommentPage list(const accounts::Caller& caller, const std::string& video_id, const CommentQuery& query);
  // A comment's direct replies, oldest first (sort is ignored).
  CommentPage replies(const accounts::Caller& caller, const std::string& comment_id, const CommentQuery& query);
  Comment edit(const accounts::Principal& editor, const std::string& comment_id, const std::string& text);
  void remove(const accounts::Principal& remover, const std::string& comment_id);
  LikeToggle toggle_like(const accounts::Principal& liker, const std::string& comment_id);
  // Removes an account's comments (with the replies under them) and its comment likes before
  // the account is deleted, keeping every counter exact.
  std::int64_t forget_user(const std::string& user_id) { return store_.remove_all_by(user_id); }

 private:
  // `removed`: on comment.deleted, how many comments went (the thread's replies included).
  void publish(const char* type, const Comment& comment, std::int64_t removed = 0);
  // The comment, and the video it is on, when the caller may see that video.
  std::pair<Comment, videos::Video> visible_comment(const accounts::Caller& caller, const std::string& comment_id);

  CommentStore store_;
  videos::VideoService& videos_;
  const Clock& clock_;
  events::EventBus& bus_;
  std::vector<events::Subscription> remote_comments_;
};

}  // namespace marquee::social
