// CommentService against a real database: posting and replying, what comment text may be,
// who may read, edit, delete and like, counters that always equal their rows, and pages
// that neither repeat nor skip while new comments arrive.
#include <gtest/gtest.h>

#include "social/CommentEvents.h"

#include <set>
#include <thread>

#include "SocialFixture.h"

namespace marquee::social {
namespace {

class CommentServiceTest : public SocialFixture {
 protected:
  void SetUp() override {
    SocialFixture::SetUp();
    video_ = video_of(bob_);
  }

  std::vector<std::string> texts(const CommentPage& page) {
    std::vector<std::string> out;
    for (const auto& c : page.items) out.push_back(c.text);
    return out;
  }

  // Every page of a listing, through its cursors; `between_pages` runs after each page.
  std::vector<std::string> every_page(const std::function<CommentPage(std::optional<std::string>)>& fetch,
                                      const std::function<void()>& between_pages = {}) {
    std::vector<std::string> seen;
    std::optional<std::string> cursor;
    do {
      CommentPage page = fetch(cursor);
      for (const auto& c : page.items) seen.push_back(c.id);
      cursor = page.next_cursor;
      if (between_pages) between_pages();
    } while (cursor);
    return seen;
  }

  videos::Video video_;
};

// --- posting and text ---

TEST_F(CommentServiceTest, a_comment_is_stored_as_typed_and_counted) {
  Comment posted = comments_->post(alice_, video_.id, CommentDraft{"  Nice video!\r\nThanks  ", std::nullopt});
  EXPECT_EQ(posted.text, "Nice video!\nThanks");
  EXPECT_EQ(posted.author_id, alice_.user_id);
  EXPECT_EQ(posted.author_username, "alice");
  EXPECT_EQ(posted.video_id, video_.id);
  EXPECT_FALSE(posted.parent_id);
  EXPECT_EQ(posted.created_at, clock_.now_ms());
  EXPECT_FALSE(posted.edited_at);

  Comment read = comments_->get(anonymous_, posted.id);
  EXPECT_EQ(read.text, posted.text);
  EXPECT_EQ(read.author_username, "alice");
  EXPECT_FALSE(read.liked_by_me) << "anonymous readers get no liked_by_me";
  EXPECT_EQ(comments_->get(carol_, posted.id).liked_by_me, false);
  EXPECT_EQ(reload(video_.id).comments_count, 1);
  expect_counters_exact();
}

TEST_F(CommentServiceTest, posting_and_deleting_publish_events) {
  std::vector<events::Event> seen;
  auto record = [&](const events::Event& e) { seen.push_back(e); };
  auto created = bus_.subscribe(kCommentCreated, record);
  auto deleted = bus_.subscribe(kCommentDeleted, record);
  Comment top = comments_->post(alice_, video_.id, CommentDraft{"first", std::nullopt});
  Comment reply = comments_->post(carol_, video_.id, CommentDraft{"reply", top.id});
  comments_->remove(alice_, top.id);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].type, kCommentCreated);
  EXPECT_EQ(seen[0].subject, top.id);
  EXPECT_EQ(events::data_string(seen[0], "video_id"), video_.id);
  EXPECT_EQ(events::data_string(seen[0], "author_id"), alice_.user_id);
  EXPECT_FALSE(events::data_string(seen[0], "parent_id"));
  EXPECT_EQ(seen[1].subject, reply.id);
  EXPECT_EQ(events::data_string(seen[1], "parent_id"), top.id);
  EXPECT_EQ(seen[2].type, kCommentDeleted);
  EXPECT_EQ(seen[2].subject, top.id);
}

TEST_F(CommentServiceTest, comment_text_rules_name_the_text_field) {
  const std::vector<std::string> refused = {
      "",
      "   \n\t  ",
      "\u3000\u00a0\ufeff",                 // Unicode white space only
      repeat("a", 5001),
      repeat("😀", 5001),
      std::string("bad \xff byte"),
      std::string("truncated \xe2\x82"),
      std::string("nul \0 inside", 12),
      "bell \x07",
      "escape \x1b[31m red",
      "delete \x7f",
      "c1 \u0090 control",
      "\u200B\u200D\u2060",                 // zero-width characters only
      "\u3164",                             // HANGUL FILLER only
      "reversed \u202E txt.exe",            // a bidi override
      "isolated \u2067 text \u2069",        // a bidi isolate
  };
  for (const auto& text : refused) {
    auto e = error_from([&] { comments_->post(alice_, video_.id, CommentDraft{text, std::nullopt}); });
    EXPECT_EQ(e.code(), ErrorCode::validation_failed) << text.substr(0, 40);
    EXPECT_EQ(field_of(e), "text") << text.substr(0, 40);
  }
  EXPECT_EQ(reload(video_.id).comments_count, 0);
  EXPECT_EQ(number("SELECT COUNT(*) AS n FROM comments"), 0);
}

TEST_F(CommentServiceTest, long_and_unicode_text_is_kept_exactly) {
  const std::vector<std::string> kept = {
      repeat("😀", 5000),  // 5000 characters, 20000 bytes
      repeat("é", 5000),
      "東京の夜景 — 夜の散歩 👨‍👩‍👧",
      "Caf\u00E9 \u00F1 مرحبا",
      "tabs\tand\nnew lines",
      "\u05E9\u05DC\u05D5\u05DD (Hello)\u200F!",      // a right-to-left mark settles the "!"
      "\u0E2A\u0E27\u0E31\u0E2A\u0E14\u0E35\u200B\u0E04\u0E23\u0E31\u0E1A",  // Thai, a ZWSP marking a word break
  };
  for (const auto& text : kept) {
    Comment posted = comment_on(video_.id, alice_, text);
    EXPECT_EQ(comments_->get(anonymous_, posted.id).text, text);
  }
}

TEST_F(CommentServiceTest, text_is_stored_in_nfc) {
  Comment posted = comment_on(video_.id, alice_, "Cafe\u0301 n\u0303");
  EXPECT_EQ(posted.text, "Caf\u00E9 \u00F1");
  EXPECT_EQ(comments_->get(anonymous_, posted.id).text, "Caf\u00E9 \u00F1");
  // 5000 characters once composed, though 10000 code points were sent.
  EXPECT_EQ(comment_on(video_.id, alice_, repeat("e\u0301", 5000)).text, repeat("\u00E9", 5000));
}

TEST_F(CommentServiceTest, html_looking_text_is_plain_text) {
  const std::string markup = "<script>alert('x')</script> &amp; <b>bold</b> \"quoted\"";
  Comment posted = comment_on(video_.id, alice_, markup);
  EXPECT_EQ(comments_->get(anonymous_, posted.id).text, markup);
}

TEST_F(CommentServiceTest, commenting_needs_a_video_the_author_may_see) {
  auto hidden = video_of(bob_, "private");
  EXPECT_EQ(error_from([&] { comment_on(hidden.id, alice_); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { comment_on("nosuchvideo1", alice_); }).code(), ErrorCode::not_found);
  comment_on(hidden.id, bob_);
  comment_on(hidden.id, mod_);
  EXPECT_EQ(reload(hidden.id).comments_count, 2);
}

// --- replies ---

TEST_F(CommentServiceTest, replies_nest_and_every_level_is_counted) {
  Comment top = comment_on(video_.id, alice_, "top");
  Comment reply = comment_on(video_.id, carol_, "reply", top.id);
  Comment deeper = comment_on(video_.id, alice_, "deeper", reply.id);
  comment_on(video_.id, bob_, "second reply", top.id);

  EXPECT_EQ(deeper.parent_id, reply.id);
  EXPECT_EQ(comments_->get(anonymous_, top.id).replies_count, 2);
  EXPECT_EQ(comments_->get(anonymous_, reply.id).replies_count, 1);
  EXPECT_EQ(reload(video_.id).comments_count, 4) << "comments_count counts replies at every depth";
  EXPECT_EQ(texts(comments_->list(anonymous_, video_.id, {})), (std::vector<std::string>{"top"}));
  EXPECT_EQ(texts(comments_->replies(anonymous_, top.id, {})), (std::vector<std::string>{"reply", "second reply"}));
  EXPECT_EQ(texts(comments_->replies(anonymous_, reply.id, {})), (std::vector<std::string>{"deeper"}));
  expect_counters_exact();
}

TEST_F(CommentServiceTest, a_reply_parent_must_be_a_comment_of_the_same_video) {
  auto other = video_of(bob_);
  Comment elsewhere = comment_on(other.id, alice_);
  for (const std::string& parent : {elsewhere.id, std::string("nosuchcommnt"), std::string("not/an id")}) {
    auto e = error_from([&] { comment_on(video_.id, alice_, "reply", parent); });
    EXPECT_EQ(e.code(), ErrorCode::validation_failed) << parent;
    EXPECT_EQ(field_of(e), "parent_id") << parent;
  }
  EXPECT_EQ(reload(video_.id).comments_count, 0);
  expect_counters_exact();
}

TEST_F(CommentServiceTest, replies_nest_a_hundred_levels_deep_and_the_whole_chain_deletes) {
  Comment top = comment_on(video_.id, alice_, "level 0");
  std::string parent = top.id;
  for (std::int64_t level = 1; level <= kMaxReplyDepth; ++level) {
    parent = comment_on(video_.id, level % 2 ? carol_ : alice_, "level " + std::to_string(level), parent).id;
  }
  auto e = error_from([&] { comment_on(video_.id, alice_, "too deep", parent); });
  EXPECT_EQ(field_of(e), "parent_id");
  EXPECT_EQ(reload(video_.id).comments_count, kMaxReplyDepth + 1);

  comments_->remove(alice_, top.id);
  EXPECT_EQ(reload(video_.id).comments_count, 0);
  EXPECT_EQ(number("SELECT COUNT(*) AS n FROM comments"), 0);
  expect_counters_exact();
}

// --- listing ---

TEST_F(CommentServiceTest, newest_and_top_orders) {
  Comment old_popular = comment_on(video_.id, alice_, "old popular");
  Comment mid = comment_on(video_.id, alice_, "mid");
  Comment recent_liked = comment_on(video_.id, alice_, "recent liked");
  Comment newest = comment_on(video_.id, alice_, "newest");
  comments_->toggle_like(bob_, old_popular.id);
  comments_->toggle_like(carol_, old_popular.id);
  comments_->toggle_like(bob_, recent_liked.id);
  (void)mid;
  (void)newest;

  EXPECT_EQ(texts(comments_->list(anonymous_, video_.id, {})),
            (std::vector<std::string>{"newest", "recent liked", "mid", "old popular"}));
  EXPECT_EQ(texts(comments_->list(anonymous_, video_.id, {"top", std::nullopt, std::nullopt})),
            (std::vector<std::string>{"old popular", "recent liked", "newest", "mid"}));
  auto e = error_from([&] { comments_->list(anonymous_, video_.id, {"best", std::nullopt, std::nullopt}); });
  EXPECT_EQ(field_of(e), "sort");
}

TEST_F(CommentServiceTest, newest_pages_neither_repeat_nor_skip_while_comments_arrive) {
  std::set<std::string> original;
  for (int i = 0; i < 25; ++i) original.insert(comment_on(video_.id, alice_, "c" + std::to_string(i)).id);
  int arrivals = 0;
  auto seen = every_page([&](auto cursor) { return comments_->list(anonymous_, video_.id, {"newest", 7, cursor}); },
                         [&] {
                           comment_on(video_.id, carol_, "late " + std::to_string(++arrivals));
                         });
  EXPECT_EQ(seen.size(), 25u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), original);
  EXPECT_EQ(reload(video_.id).comments_count, 25 + arrivals);
}

TEST_F(CommentServiceTest, top_pages_neither_repeat_nor_skip_while_comments_arrive) {
  std::set<std::string> original;
  for (int i = 0; i < 12; ++i) {
    Comment c = comment_on(video_.id, alice_, "c" + std::to_string(i));
    original.insert(c.id);
    if (i % 3 == 0) comments_->toggle_like(carol_, c.id);
    if (i % 4 == 0) comments_->toggle_like(bob_, c.id);
  }
  // A late comment has no likes yet: it may show up on a later page (it ranks below the
  // liked ones), but nothing is shown twice and nothing already there is skipped.
  auto seen = every_page([&](auto cursor) { return comments_->list(carol_, video_.id, {"top", 5, cursor}); },
                         [&] { comment_on(video_.id, bob_, "late"); });
  std::set<std::string> distinct(seen.begin(), seen.end());
  EXPECT_EQ(distinct.size(), seen.size());
  for (const auto& id : original) EXPECT_TRUE(distinct.count(id)) << id;
}

TEST_F(CommentServiceTest, replies_come_oldest_first_and_late_replies_join_the_last_page) {
  Comment top = comment_on(video_.id, alice_, "top");
  std::vector<std::string> order;
  for (int i = 0; i < 9; ++i) order.push_back(comment_on(video_.id, carol_, "r" + std::to_string(i), top.id).id);
  int arrivals = 0;
  auto seen = every_page([&](auto cursor) { return comments_->replies(anonymous_, top.id, {std::nullopt, 4, cursor}); },
                         [&] {
                           if (arrivals < 2) order.push_back(comment_on(video_.id, bob_, "late", top.id).id);
                           ++arrivals;
                         });
  EXPECT_EQ(seen, order);
  EXPECT_EQ(comments_->get(anonymous_, top.id).replies_count, 11);
}

TEST_F(CommentServiceTest, cursors_and_limits_are_checked) {
  comment_on(video_.id, alice_);
  EXPECT_EQ(field_of(error_from([&] { comments_->list(anonymous_, video_.id, {std::nullopt, 0, std::nullopt}); })), "limit");
  EXPECT_EQ(field_of(error_from([&] { comments_->list(anonymous_, video_.id, {std::nullopt, 101, std::nullopt}); })),
            "limit");
  EXPECT_EQ(field_of(error_from([&] { comments_->list(anonymous_, video_.id, {std::nullopt, 5, "%%%"}); })), "cursor");
  std::string top_cursor = encode_cursor(CursorKind::top_comments, {3, 5, "abcdefghijkl"});
  EXPECT_EQ(field_of(error_from([&] { comments_->list(anonymous_, video_.id, {"newest", 5, top_cursor}); })), "cursor");
  EXPECT_EQ(comments_->list(anonymous_, video_.id, {"top", 5, top_cursor}).items.size(), 1u);
}

// --- visibility ---

TEST_F(CommentServiceTest, comments_of_a_private_video_are_hidden_from_those_who_may_not_see_it) {
  auto hidden = video_of(bob_, "private");
  Comment c = comment_on(hidden.id, bob_, "secret");
  Comment r = comment_on(hidden.id, mod_, "secret reply", c.id);
  for (const Caller& outsider : {anonymous_, Caller(alice_)}) {
    EXPECT_EQ(error_from([&] { comments_->list(outsider, hidden.id, {}); }).code(), ErrorCode::not_found);
    EXPECT_EQ(error_from([&] { comments_->get(outsider, c.id); }).code(), ErrorCode::not_found);
    EXPECT_EQ(error_from([&] { comments_->replies(outsider, c.id, {}); }).code(), ErrorCode::not_found);
  }
  EXPECT_EQ(error_from([&] { comments_->toggle_like(alice_, r.id); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { comments_->remove(alice_, r.id); }).code(), ErrorCode::not_found);
  EXPECT_EQ(texts(comments_->list(bob_, hidden.id, {})), (std::vector<std::string>{"secret"}));

  // A video made private takes its comments out of view.
  Comment open = comment_on(video_.id, alice_, "open");
  make_private(video_.id);
  EXPECT_EQ(error_from([&] { comments_->get(alice_, open.id); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { comments_->edit(alice_, open.id, "changed"); }).code(), ErrorCode::not_found);
}

// --- editing ---

TEST_F(CommentServiceTest, only_the_author_edits_and_an_edit_is_marked) {
  Comment c = comment_on(video_.id, alice_, "first");
  clock_.advance(1000);
  for (const Principal& other : {carol_, bob_, mod_}) {
    EXPECT_EQ(error_from([&] { comments_->edit(other, c.id, "hijacked"); }).code(), ErrorCode::forbidden);
  }
  EXPECT_EQ(field_of(error_from([&] { comments_->edit(alice_, c.id, "  "); })), "text");

  Comment unchanged = comments_->edit(alice_, c.id, " first ");
  EXPECT_FALSE(unchanged.edited_at) << "the same text is no edit";

  Comment edited = comments_->edit(alice_, c.id, "second");
  EXPECT_EQ(edited.text, "second");
  EXPECT_EQ(edited.edited_at, clock_.now_ms());
  Comment read = comments_->get(anonymous_, c.id);
  EXPECT_EQ(read.text, "second");
  EXPECT_TRUE(read.edited_at);
  EXPECT_EQ(read.updated_at, clock_.now_ms());
  EXPECT_EQ(read.created_at, c.created_at);
}

// --- deleting ---

TEST_F(CommentServiceTest, the_author_the_video_owner_and_moderators_delete) {
  Comment by_author = comment_on(video_.id, alice_);
  Comment by_owner = comment_on(video_.id, alice_);
  Comment by_moderator = comment_on(video_.id, alice_);
  EXPECT_EQ(error_from([&] { comments_->remove(carol_, by_author.id); }).code(), ErrorCode::forbidden);
  comments_->remove(alice_, by_author.id);
  comments_->remove(bob_, by_owner.id);
  comments_->remove(mod_, by_moderator.id);
  EXPECT_EQ(error_from([&] { comments_->remove(alice_, by_author.id); }).code(), ErrorCode::not_found);
  EXPECT_EQ(reload(video_.id).comments_count, 0);
  expect_counters_exact();
}

TEST_F(CommentServiceTest, deleting_a_comment_deletes_the_replies_under_it) {
  Comment keep = comment_on(video_.id, carol_, "keep");
  Comment top = comment_on(video_.id, alice_, "top");
  Comment reply = comment_on(video_.id, carol_, "reply", top.id);
  Comment deeper = comment_on(video_.id, bob_, "deeper", reply.id);
  comment_on(video_.id, bob_, "deepest", deeper.id);
  Comment sibling = comment_on(video_.id, mod_, "sibling", top.id);
  comments_->toggle_like(bob_, reply.id);
  EXPECT_EQ(reload(video_.id).comments_count, 6);

  comments_->remove(carol_, reply.id);
  EXPECT_EQ(reload(video_.id).comments_count, 3);
  EXPECT_EQ(comments_->get(anonymous_, top.id).replies_count, 1);
  EXPECT_EQ(error_from([&] { comments_->get(anonymous_, deeper.id); }).code(), ErrorCode::not_found);
  EXPECT_EQ(texts(comments_->replies(anonymous_, top.id, {})), (std::vector<std::string>{"sibling"}));
  expect_counters_exact();

  comments_->remove(alice_, top.id);
  EXPECT_EQ(reload(video_.id).comments_count, 1);
  EXPECT_EQ(error_from([&] { comments_->get(anonymous_, sibling.id); }).code(), ErrorCode::not_found);
  EXPECT_EQ(texts(comments_->list(anonymous_, video_.id, {})), (std::vector<std::string>{"keep"}));
  EXPECT_EQ(number("SELECT COUNT(*) AS n FROM comment_likes"), 0);
  (void)keep;
  expect_counters_exact();
}

// --- likes ---

TEST_F(CommentServiceTest, comment_likes_toggle_and_show_as_liked_by_me) {
  Comment c = comment_on(video_.id, alice_);
  LikeToggle on = comments_->toggle_like(carol_, c.id);
  EXPECT_TRUE(on.liked);
  EXPECT_EQ(on.likes_count, 1);
  EXPECT_TRUE(comments_->toggle_like(bob_, c.id).liked);
  EXPECT_EQ(comments_->get(carol_, c.id).liked_by_me, true);
  EXPECT_EQ(comments_->get(alice_, c.id).liked_by_me, false);
  EXPECT_EQ(comments_->list(carol_, video_.id, {}).items.front().liked_by_me, true);

  LikeToggle off = comments_->toggle_like(carol_, c.id);
  EXPECT_FALSE(off.liked);
  EXPECT_EQ(off.likes_count, 1);
  EXPECT_EQ(error_from([&] { comments_->toggle_like(carol_, "nosuchcommnt"); }).code(), ErrorCode::not_found);
  expect_counters_exact();
}

// --- counters under concurrency, deletion of videos and accounts ---

TEST_F(CommentServiceTest, concurrent_posts_replies_likes_and_deletes_keep_counters_exact) {
  Comment top = comment_on(video_.id, alice_, "top");
  std::vector<Principal> people;
  for (int i = 0; i < 8; ++i) people.push_back(add_user("p" + std::to_string(i), Role::user));
  std::vector<std::jthread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const Principal& me = people[static_cast<std::size_t>(t)];
      for (int i = 0; i < 10; ++i) {
        Comment mine = comments_->post(me, video_.id, CommentDraft{"reply", top.id});
        comments_->post(me, video_.id, CommentDraft{"comment", std::nullopt});
        comments_->toggle_like(me, top.id);
        if (i % 3 == 0) comments_->remove(me, mine.id);
      }
    });
  }
  threads.clear();
  // Each person: 10 replies (4 deleted) and 10 comments; 10 like toggles end unliked.
  EXPECT_EQ(reload(video_.id).comments_count, 1 + 8 * (6 + 10));
  EXPECT_EQ(comments_->get(anonymous_, top.id).replies_count, 8 * 6);
  EXPECT_EQ(comments_->get(anonymous_, top.id).likes_count, 0);
  expect_counters_exact();
}

TEST_F(CommentServiceTest, deleting_a_video_takes_its_comments_and_their_likes_with_it) {
  Comment c = comment_on(video_.id, alice_);
  comment_on(video_.id, carol_, "reply", c.id);
  comments_->toggle_like(carol_, c.id);
  videos_->remove(bob_, video_.id);
  EXPECT_EQ(number("SELECT COUNT(*) AS n FROM comments"), 0);
  EXPECT_EQ(number("SELECT COUNT(*) AS n FROM comment_likes"), 0);
  EXPECT_EQ(error_from([&] { comments_->get(mod_, c.id); }).code(), ErrorCode::not_found);
}

TEST_F(CommentServiceTest, forgetting_an_account_before_deleting_it_keeps_counters_exact) {
  auto other = video_of(alice_);
  Comment carols = comment_on(video_.id, carol_, "carol's");
  comment_on(video_.id, alice_, "reply to carol", carols.id);
  Comment alices = comment_on(video_.id, alice_, "alice's");
  Comment carols_reply = comment_on(video_.id, carol_, "carol replies", alices.id);
  comment_on(other.id, carol_, "elsewhere");
  comments_->toggle_like(carol_, alices.id);
  comments_->toggle_like(alice_, carols_reply.id);

  comments_->forget_user(carol_.user_id);
  db_->execute("DELETE FROM users WHERE id = ?", {carol_.user_id});
  EXPECT_EQ(reload(video_.id).comments_count, 1);
  EXPECT_EQ(reload(other.id).comments_count, 0);
  Comment left = comments_->get(anonymous_, alices.id);
  EXPECT_EQ(left.replies_count, 0);
  EXPECT_EQ(left.likes_count, 0);
  expect_counters_exact();
}

}  // namespace
}  // namespace marquee::social
