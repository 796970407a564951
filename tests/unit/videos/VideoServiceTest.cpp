// VideoService against a real database (SQLite in a temp dir by default): what creators,
// viewers and moderators see when they create, read, change, delete and list videos.
#include <gtest/gtest.h>

#include "events/InProcessEventBus.h"

#include <filesystem>
#include <algorithm>
#include <functional>
#include <limits>
#include <set>

#include "core/Clock.h"
#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Text.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "support/DomainFixtures.h"
#include "support/TestDatabase.h"
#include "videos/VideoEvents.h"
#include "videos/VideoService.h"

namespace marquee::videos {
namespace {

using accounts::Caller;
using accounts::Principal;
using accounts::Role;
using marquee::testing::error_from;
using marquee::testing::field_of;
using marquee::testing::repeat;

VideoDraft titled(const std::string& title) {
  VideoDraft draft;
  draft.title = title;
  return draft;
}

class VideoServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = marquee::testing::make_temp_dir("marquee-videos");
    db_ = db::open_database(marquee::testing::fresh_database_url(dir_), {});
    db::run_migrations(*db_);
    videos_ = std::make_unique<VideoService>(*db_, clock_, bus_);
    alice_ = add_user("Alice", Role::user);
    bob_ = add_user("bob", Role::creator);
    mod_ = add_user("mia", Role::moderator);
    admin_ = add_user("root", Role::admin);
  }

  void TearDown() override {
    videos_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  Principal add_user(const std::string& username, Role role) {
    return marquee::testing::insert_user(*db_, username, role);
  }

  // The media pipeline is not written yet; tests move a video along by hand.
  void set_status(const std::string& id, VideoStatus status) {
    db_->execute("UPDATE videos SET status = ? WHERE id = ?", {std::string(status_name(status)), id});
  }

  Video published(const Principal& owner, const std::string& title, const std::string& visibility = "public",
                  std::vector<std::string> tags = {}) {
    VideoDraft draft = titled(title);
    draft.visibility = visibility;
    draft.tags = std::move(tags);
    Video video = videos_->create(owner, draft);
    set_status(video.id, VideoStatus::ready);
    clock_.advance(1);
    return video;
  }

  std::vector<std::string> titles(const VideoPage& page) {
    std::vector<std::string> out;
    for (const auto& v : page.items) out.push_back(v.title);
    return out;
  }

  VideoPage list(const Caller& caller, std::optional<std::string> channel = {}, std::optional<std::string> tag = {},
                 std::optional<std::int64_t> limit = {}, std::optional<std::string> cursor = {}) {
    return videos_->list(caller, VideoQuery{std::move(channel), std::move(tag), limit, std::move(cursor)});
  }

  std::string dir_;
  std::unique_ptr<db::Database> db_;
  ManualClock clock_{1'700'000'000'000};
  events::InProcessEventBus bus_{"test-node"};
  std::unique_ptr<VideoService> videos_;
  Principal alice_, bob_, mod_, admin_;
  const Caller anonymous_ = std::nullopt;
};

// --- create and validation ---

TEST_F(VideoServiceTest, new_video_is_a_public_draft_owned_by_its_author) {
  Video video = videos_->create(alice_, titled("  My first video  "));

  EXPECT_EQ(video.title, "My first video");
  EXPECT_EQ(video.owner_id, alice_.user_id);
  EXPECT_EQ(video.owner_username, "Alice");
  EXPECT_EQ(video.status, VideoStatus::draft);
  EXPECT_EQ(video.visibility, Visibility::public_);
  EXPECT_FALSE(video.is_premium);
  EXPECT_FALSE(video.is_adult);
  EXPECT_EQ(video.description, "");
  EXPECT_TRUE(video.tags.empty());
  EXPECT_EQ(video.created_at, clock_.now_ms());
  EXPECT_EQ(video.updated_at, clock_.now_ms());
  EXPECT_EQ(video.views_count, 0);

  Video fetched = videos_->get(anonymous_, video.id);
  EXPECT_EQ(fetched.title, "My first video");
  EXPECT_EQ(fetched.owner_username, "Alice");
  EXPECT_EQ(fetched.created_at, video.created_at);
}

// Subscribers hear of a video once: the first time it is public and watchable.
TEST_F(VideoServiceTest, a_video_is_announced_once_when_it_is_first_public_and_watchable) {
  std::vector<std::string> announced;
  auto subscription = bus_.subscribe(kVideoPublished, [&](const events::Event& e) {
    announced.push_back(e.subject);
    EXPECT_EQ(events::data_string(e, "owner_id"), bob_.user_id);
  });
  VideoDraft open = titled("open");
  const std::string id = videos_->create(bob_, open).id;
  videos_->set_status(id, VideoStatus::processing);
  EXPECT_TRUE(announced.empty());
  videos_->set_status(id, VideoStatus::playable);
  videos_->set_status(id, VideoStatus::ready);
  EXPECT_EQ(announced, std::vector<std::string>{id});

  VideoDraft hidden = titled("hidden");
  hidden.visibility = "private";
  const std::string later = videos_->create(bob_, hidden).id;
  videos_->set_status(later, VideoStatus::ready);
  EXPECT_EQ(announced.size(), 1u) << "a private video is not announced";
  VideoPatch to_public;
  to_public.visibility = "public";
  videos_->update(bob_, later, to_public);
  VideoPatch to_private;
  to_private.visibility = "private";
  videos_->update(bob_, later, to_private);
  videos_->update(bob_, later, to_public);
  EXPECT_EQ(announced, (std::vector<std::string>{id, later})) << "made public once it was ready; once only";
}

TEST_F(VideoServiceTest, every_field_a_creator_sets_is_kept) {
  VideoDraft draft = titled("Full");
  draft.description = "line one\r\nline two\ttabbed";
  draft.tags = std::vector<std::string>{"Cooking", "pasta"};
  draft.category = " Food ";
  draft.visibility = "unlisted";
  draft.is_premium = true;
  draft.is_adult = true;
  Video created = videos_->create(bob_, draft);

  Video video = videos_->get(anonymous_, created.id);
  EXPECT_EQ(video.description, "line one\nline two\ttabbed");
  EXPECT_EQ(video.tags, (std::vector<std::string>{"cooking", "pasta"}));
  EXPECT_EQ(video.category, "Food");
  EXPECT_EQ(video.visibility, Visibility::unlisted);
  EXPECT_TRUE(video.is_premium);
  EXPECT_TRUE(video.is_adult);
}

TEST_F(VideoServiceTest, ids_are_unique_and_url_safe) {
  std::set<std::string> ids;
  for (int i = 0; i < 20; ++i) ids.insert(videos_->create(alice_, titled("v")).id);
  EXPECT_EQ(ids.size(), 20u);
  for (const auto& id : ids) {
    EXPECT_GE(id.size(), 12u);
    EXPECT_EQ(id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), std::string::npos);
  }
}

TEST_F(VideoServiceTest, title_is_required) {
  auto missing = error_from([&] { videos_->create(alice_, VideoDraft{}); });
  EXPECT_EQ(missing.code(), ErrorCode::validation_failed);
  EXPECT_EQ(field_of(missing), "title");

  auto blank = error_from([&] { videos_->create(alice_, titled(" \t\u3000 ")); });
  EXPECT_EQ(blank.code(), ErrorCode::validation_failed);
  EXPECT_EQ(field_of(blank), "title");

  EXPECT_TRUE(list(alice_, "Alice").items.empty());
}

TEST_F(VideoServiceTest, unicode_titles_are_kept_in_nfc_and_counted_in_characters) {
  const std::string emoji = "🎬 Movie night 🍿👨‍👩‍👧";
  const std::string cjk = "東京の夜景 — 夜の散歩";
  const std::string rtl = "مرحبا بالعالم";
  for (const auto& title : {emoji, cjk, rtl}) {
    Video video = videos_->create(alice_, titled(title));
    EXPECT_EQ(videos_->get(anonymous_, video.id).title, title);
  }
  // Combining accents typed after their letter are stored composed, as one character each.
  Video combining = videos_->create(alice_, titled("Cafe\u0301 au lait, n\u0303"));
  EXPECT_EQ(videos_->get(anonymous_, combining.id).title, "Caf\u00E9 au lait, \u00F1");

  // 200 four-byte emoji are 800 bytes but 200 characters: allowed.
  const std::string two_hundred_emoji = repeat("😀", 200);
  EXPECT_EQ(videos_->create(alice_, titled(two_hundred_emoji)).title, two_hundred_emoji);
  EXPECT_EQ(videos_->create(alice_, titled(repeat("é", 200))).title, repeat("é", 200));
  // 400 code points typed, 200 characters once composed: allowed.
  EXPECT_EQ(videos_->create(alice_, titled(repeat("e\u0301", 200))).title, repeat("\u00E9", 200));
}

TEST_F(VideoServiceTest, overlong_title_is_rejected) {
  auto ascii = error_from([&] { videos_->create(alice_, titled(repeat("a", 201))); });
  EXPECT_EQ(ascii.code(), ErrorCode::validation_failed);
  EXPECT_EQ(field_of(ascii), "title");

  auto emoji = error_from([&] { videos_->create(alice_, titled(repeat("😀", 201))); });
  EXPECT_EQ(emoji.code(), ErrorCode::validation_failed);
  EXPECT_EQ(field_of(emoji), "title");
}

TEST_F(VideoServiceTest, malformed_text_is_rejected) {
  for (const std::string& bad : {std::string("\xC3\x28"), std::string("truncated \xE6\x97"), std::string("\xED\xA0\x80"),
                                 std::string("over\xC0\xAFlong")}) {
    auto e = error_from([&] { videos_->create(alice_, titled(bad)); });
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
    EXPECT_EQ(field_of(e), "title");
  }
  for (const std::string& bad : {std::string("nul\0byte", 8), std::string("two\nlines"), std::string("bell\a"),
                                 std::string("escape\x1b[31m"), std::string("\u200B"), std::string("a \u202E b"),
                                 std::string("line\u2028separator")}) {
    auto e = error_from([&] { videos_->create(alice_, titled(bad)); });
    EXPECT_EQ(e.code(), ErrorCode::validation_failed) << bad;
    EXPECT_EQ(field_of(e), "title");
  }
  VideoDraft draft = titled("ok");
  draft.description = std::string("nul\0", 4);
  EXPECT_EQ(field_of(error_from([&] { videos_->create(alice_, draft); })), "description");
}

TEST_F(VideoServiceTest, markup_is_stored_as_plain_text) {
  const std::string title = "<script>alert('x')</script> & \"quotes\"";
  Video video = videos_->create(alice_, titled(title));
  EXPECT_EQ(videos_->get(anonymous_, video.id).title, title);
}

TEST_F(VideoServiceTest, description_may_hold_5000_characters) {
  VideoDraft draft = titled("d");
  draft.description = repeat("ü", 5000);
  EXPECT_EQ(videos_->create(alice_, draft).description, repeat("ü", 5000));

  draft.description = repeat("ü", 5001);
  auto e = error_from([&] { videos_->create(alice_, draft); });
  EXPECT_EQ(e.code(), ErrorCode::validation_failed);
  EXPECT_EQ(field_of(e), "description");
}

TEST_F(VideoServiceTest, tags_are_trimmed_lowercased_and_deduplicated) {
  VideoDraft draft = titled("tags");
  draft.tags = std::vector<std::string>{" Music ", "music", "MUSIC", "Jazz", "ÜBER", "über", "東京", "jazz"};
  Video video = videos_->create(alice_, draft);
  EXPECT_EQ(video.tags, (std::vector<std::string>{"music", "jazz", "über", "東京"}));
  EXPECT_EQ(videos_->get(anonymous_, video.id).tags, video.tags);
}

TEST_F(VideoServiceTest, tag_limits_are_enforced) {
  auto with_tags = [&](std::vector<std::string> tags) {
    VideoDraft draft = titled("t");
    draft.tags = std::move(tags);
    return draft;
  };
  std::vector<std::string> thirty, thirty_one;
  for (int i = 0; i < 31; ++i) (i < 30 ? thirty : thirty_one).push_back("tag" + std::to_string(i));
  thirty_one.insert(thirty_one.begin(), thirty.begin(), thirty.end());

  EXPECT_EQ(videos_->create(alice_, with_tags(thirty)).tags.size(), 30u);
  std::vector<std::string> thirty_with_duplicates = thirty;
  thirty_with_duplicates.push_back("TAG0");
  EXPECT_EQ(videos_->create(alice_, with_tags(thirty_with_duplicates)).tags.size(), 30u);

  for (const auto& bad : {thirty_one, std::vector<std::string>{"ok", "   "}, std::vector<std::string>{repeat("x", 51)},
                          std::vector<std::string>{"bad\xFF"}}) {
    auto e = error_from([&] { videos_->create(alice_, with_tags(bad)); });
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
    EXPECT_EQ(field_of(e), "tags");
  }
  EXPECT_EQ(videos_->create(alice_, with_tags({repeat("音", 50)})).tags.front(), repeat("音", 50));
}

TEST_F(VideoServiceTest, category_and_visibility_are_checked) {
  VideoDraft draft = titled("c");
  draft.category = repeat("c", 51);
  EXPECT_EQ(field_of(error_from([&] { videos_->create(alice_, draft); })), "category");

  draft = titled("v");
  for (std::string bad : {"Public", "secret", "", "private "}) {
    draft.visibility = bad;
    auto e = error_from([&] { videos_->create(alice_, draft); });
    EXPECT_EQ(e.code(), ErrorCode::validation_failed);
    EXPECT_EQ(field_of(e), "visibility");
  }
}

TEST_F(VideoServiceTest, account_that_no_longer_exists_cannot_create) {
  Principal ghost{"ghostxxxxxxx", "ghost", Role::user, false};
  EXPECT_EQ(error_from([&] { videos_->create(ghost, titled("boo")); }).code(), ErrorCode::unauthorized);
}

// --- get ---

TEST_F(VideoServiceTest, private_video_is_not_found_for_strangers) {
  VideoDraft draft = titled("diary");
  draft.visibility = "private";
  Video video = videos_->create(alice_, draft);

  EXPECT_EQ(error_from([&] { videos_->get(anonymous_, video.id); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { videos_->get(bob_, video.id); }).code(), ErrorCode::not_found);
  EXPECT_EQ(videos_->get(alice_, video.id).title, "diary");
  EXPECT_EQ(videos_->get(mod_, video.id).title, "diary");
  EXPECT_EQ(videos_->get(admin_, video.id).title, "diary");
}

TEST_F(VideoServiceTest, unlisted_video_is_visible_to_anyone_with_the_id) {
  Video video = published(alice_, "secret link", "unlisted");
  EXPECT_EQ(videos_->get(anonymous_, video.id).title, "secret link");
  EXPECT_EQ(videos_->get(bob_, video.id).title, "secret link");
}

TEST_F(VideoServiceTest, unknown_or_malformed_ids_are_not_found) {
  for (const std::string& id : std::vector<std::string>{"AAAAAAAAAAAA", "", "../../etc/passwd", "a b", "' OR 1=1 --",
                                                        repeat("a", 1000)}) {
    EXPECT_EQ(error_from([&] { videos_->get(anonymous_, id); }).code(), ErrorCode::not_found) << id;
  }
}

// --- update and delete ---

TEST_F(VideoServiceTest, owner_can_change_metadata_and_untouched_fields_stay) {
  VideoDraft draft = titled("Before");
  draft.description = "keep me";
  draft.tags = std::vector<std::string>{"old"};
  Video video = videos_->create(alice_, draft);
  clock_.advance(5'000);

  VideoPatch patch;
  patch.title = "After";
  patch.tags = std::vector<std::string>{"New", "fresh"};
  patch.visibility = "private";
  patch.is_adult = true;
  Video updated = videos_->update(alice_, video.id, patch);

  EXPECT_EQ(updated.title, "After");
  EXPECT_EQ(updated.description, "keep me");
  EXPECT_EQ(updated.tags, (std::vector<std::string>{"new", "fresh"}));
  EXPECT_EQ(updated.visibility, Visibility::private_);
  EXPECT_TRUE(updated.is_adult);
  EXPECT_FALSE(updated.is_premium);
  EXPECT_EQ(updated.created_at, video.created_at);
  EXPECT_EQ(updated.updated_at, video.created_at + 5'000);
  EXPECT_EQ(updated.owner_username, "Alice");

  Video fetched = videos_->get(alice_, video.id);
  EXPECT_EQ(fetched.title, "After");
  EXPECT_EQ(fetched.tags, updated.tags);
  EXPECT_EQ(fetched.updated_at, updated.updated_at);
}

TEST_F(VideoServiceTest, empty_patch_changes_nothing) {
  Video video = videos_->create(alice_, titled("Same"));
  clock_.advance(1'000);
  Video after = videos_->update(alice_, video.id, VideoPatch{});
  EXPECT_EQ(after.title, "Same");
  EXPECT_EQ(after.updated_at, video.updated_at);
}

TEST_F(VideoServiceTest, invalid_patch_changes_nothing) {
  Video video = videos_->create(alice_, titled("Original"));
  VideoPatch patch;
  patch.title = "Would change";
  patch.tags = std::vector<std::string>{"fine", ""};
  auto e = error_from([&] { videos_->update(alice_, video.id, patch); });
  EXPECT_EQ(e.code(), ErrorCode::validation_failed);
  EXPECT_EQ(field_of(e), "tags");
  EXPECT_EQ(videos_->get(alice_, video.id).title, "Original");

  patch = VideoPatch{};
  patch.title = "   ";
  EXPECT_EQ(field_of(error_from([&] { videos_->update(alice_, video.id, patch); })), "title");
}

TEST_F(VideoServiceTest, stranger_is_forbidden_to_change_a_video_they_can_see) {
  Video video = published(alice_, "Mine");
  VideoPatch patch;
  patch.title = "Hijacked";
  EXPECT_EQ(error_from([&] { videos_->update(bob_, video.id, patch); }).code(), ErrorCode::forbidden);
  EXPECT_EQ(error_from([&] { videos_->remove(bob_, video.id); }).code(), ErrorCode::forbidden);
  EXPECT_EQ(videos_->get(anonymous_, video.id).title, "Mine");
}

TEST_F(VideoServiceTest, stranger_changing_a_private_video_is_told_it_does_not_exist) {
  Video video = published(alice_, "Hidden", "private");
  VideoPatch patch;
  patch.title = "Hijacked";
  EXPECT_EQ(error_from([&] { videos_->update(bob_, video.id, patch); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { videos_->remove(bob_, video.id); }).code(), ErrorCode::not_found);
  // Even an invalid patch: the stranger learns nothing, not even that validation ran.
  patch.title = "";
  EXPECT_EQ(error_from([&] { videos_->update(bob_, video.id, patch); }).code(), ErrorCode::not_found);
  EXPECT_EQ(videos_->get(alice_, video.id).title, "Hidden");
}

TEST_F(VideoServiceTest, moderators_and_admins_can_change_and_delete_any_video) {
  Video video = published(alice_, "Offending", "private");
  VideoPatch patch;
  patch.is_adult = true;
  EXPECT_TRUE(videos_->update(mod_, video.id, patch).is_adult);
  patch.title = "Renamed by admin";
  EXPECT_EQ(videos_->update(admin_, video.id, patch).title, "Renamed by admin");

  videos_->remove(mod_, video.id);
  EXPECT_EQ(error_from([&] { videos_->get(alice_, video.id); }).code(), ErrorCode::not_found);
}

TEST_F(VideoServiceTest, owner_can_delete_and_the_video_is_gone_everywhere) {
  Video video = published(alice_, "Bye", "public", {"farewell"});
  videos_->remove(alice_, video.id);

  EXPECT_EQ(error_from([&] { videos_->get(alice_, video.id); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { videos_->remove(alice_, video.id); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { videos_->update(alice_, video.id, VideoPatch{}); }).code(), ErrorCode::not_found);
  EXPECT_TRUE(list(anonymous_).items.empty());
  EXPECT_TRUE(list(anonymous_, std::nullopt, "farewell").items.empty());
  EXPECT_EQ(db_->query("SELECT COUNT(*) AS n FROM video_tags").front().i64("n"), 0);
}

TEST_F(VideoServiceTest, deleting_an_account_deletes_its_videos) {
  Video video = published(alice_, "Orphan", "public", {"x"});
  db_->execute("DELETE FROM users WHERE id = ?", {alice_.user_id});
  EXPECT_EQ(error_from([&] { videos_->get(mod_, video.id); }).code(), ErrorCode::not_found);
  EXPECT_EQ(db_->query("SELECT COUNT(*) AS n FROM video_tags").front().i64("n"), 0);
}

// --- list ---

TEST_F(VideoServiceTest, listing_shows_only_public_published_videos_newest_first) {
  published(alice_, "old public");
  published(bob_, "new public");
  published(alice_, "unlisted", "unlisted");
  published(alice_, "private", "private");
  videos_->create(alice_, titled("draft"));
  Video failed = published(alice_, "failed");
  set_status(failed.id, VideoStatus::failed);
  Video playable = published(bob_, "playable");
  set_status(playable.id, VideoStatus::playable);
  Video processing = published(bob_, "processing");
  set_status(processing.id, VideoStatus::processing);

  auto expected = std::vector<std::string>{"playable", "new public", "old public"};
  EXPECT_EQ(titles(list(anonymous_)), expected);
  EXPECT_EQ(titles(list(bob_)), expected);
  EXPECT_EQ(list(anonymous_).next_cursor, std::nullopt);
}

TEST_F(VideoServiceTest, owner_sees_all_their_videos_in_their_own_channel) {
  published(alice_, "public");
  published(alice_, "unlisted", "unlisted");
  published(alice_, "private", "private");
  videos_->create(alice_, titled("draft"));
  published(bob_, "bob's");

  EXPECT_EQ(titles(list(alice_, "Alice")), (std::vector<std::string>{"draft", "private", "unlisted", "public"}));
  EXPECT_EQ(titles(list(alice_, "alice")), (std::vector<std::string>{"draft", "private", "unlisted", "public"}));
  EXPECT_EQ(titles(list(bob_, "Alice")), (std::vector<std::string>{"public"}));
  EXPECT_EQ(titles(list(anonymous_, "Alice")), (std::vector<std::string>{"public"}));
  EXPECT_EQ(titles(list(alice_, "bob")), (std::vector<std::string>{"bob's"}));
}

TEST_F(VideoServiceTest, moderators_see_a_channel_as_its_owner_does) {
  published(alice_, "public");
  published(alice_, "private", "private");
  videos_->create(alice_, titled("draft"));
  EXPECT_EQ(titles(list(mod_, "Alice")), (std::vector<std::string>{"draft", "private", "public"}));
  EXPECT_EQ(titles(list(admin_, "Alice")), (std::vector<std::string>{"draft", "private", "public"}));
}

TEST_F(VideoServiceTest, unknown_channel_is_not_found) {
  EXPECT_EQ(error_from([&] { list(anonymous_, "nobody"); }).code(), ErrorCode::not_found);
}

TEST_F(VideoServiceTest, tag_filter_lists_only_videos_with_that_tag) {
  published(alice_, "jazz one", "public", {"Jazz", "live"});
  published(bob_, "rock", "public", {"rock", "live"});
  published(bob_, "jazz two", "public", {"jazz"});
  published(bob_, "hidden jazz", "private", {"jazz"});
  published(alice_, "über", "public", {"Über"});

  EXPECT_EQ(titles(list(anonymous_, std::nullopt, "jazz")), (std::vector<std::string>{"jazz two", "jazz one"}));
  EXPECT_EQ(titles(list(anonymous_, std::nullopt, " JAZZ ")), (std::vector<std::string>{"jazz two", "jazz one"}));
  EXPECT_EQ(titles(list(anonymous_, std::nullopt, "live")), (std::vector<std::string>{"rock", "jazz one"}));
  EXPECT_EQ(titles(list(anonymous_, "bob", "live")), (std::vector<std::string>{"rock"}));
  EXPECT_EQ(titles(list(anonymous_, std::nullopt, "ÜBER")), (std::vector<std::string>{"über"}));
  EXPECT_TRUE(list(anonymous_, std::nullopt, "polka").items.empty());
}

TEST_F(VideoServiceTest, changed_tags_change_what_the_tag_filter_finds) {
  Video video = published(alice_, "retagged", "public", {"before"});
  VideoPatch patch;
  patch.tags = std::vector<std::string>{"after"};
  videos_->update(alice_, video.id, patch);
  EXPECT_TRUE(list(anonymous_, std::nullopt, "before").items.empty());
  EXPECT_EQ(titles(list(anonymous_, std::nullopt, "after")), (std::vector<std::string>{"retagged"}));
}

TEST_F(VideoServiceTest, pagination_has_no_duplicates_or_gaps_while_new_videos_arrive) {
  std::vector<std::pair<Millis, std::string>> newest_first;
  for (int i = 0; i < 23; ++i) {
    Video video = published(i % 2 ? alice_ : bob_, "v" + std::to_string(i));
    newest_first.emplace_back(video.created_at, video.id);
    if (i % 3 == 0) clock_.advance(-1);  // some share a millisecond: the id breaks the tie
  }
  std::sort(newest_first.rbegin(), newest_first.rend());
  std::vector<std::string> expected;
  for (const auto& [created_at, id] : newest_first) expected.push_back(id);

  std::vector<std::string> seen;
  std::optional<std::string> cursor;
  int pages = 0;
  do {
    VideoPage page = list(anonymous_, std::nullopt, std::nullopt, 5, cursor);
    EXPECT_LE(page.items.size(), 5u);
    for (const auto& v : page.items) seen.push_back(v.id);
    cursor = page.next_cursor;
    published(alice_, "arrived during paging " + std::to_string(pages));
    ++pages;
  } while (cursor && pages < 20);

  EXPECT_EQ(pages, 5);
  EXPECT_EQ(seen, expected);
}

TEST_F(VideoServiceTest, last_full_page_has_no_next_cursor) {
  for (int i = 0; i < 4; ++i) published(alice_, "v" + std::to_string(i));
  VideoPage first = list(anonymous_, std::nullopt, std::nullopt, 2);
  ASSERT_TRUE(first.next_cursor);
  VideoPage second = list(anonymous_, std::nullopt, std::nullopt, 2, first.next_cursor);
  EXPECT_EQ(titles(second), (std::vector<std::string>{"v1", "v0"}));
  EXPECT_EQ(second.next_cursor, std::nullopt);
}

TEST_F(VideoServiceTest, channel_pages_through_drafts_for_the_owner) {
  for (int i = 0; i < 5; ++i) {
    videos_->create(alice_, titled("draft " + std::to_string(i)));
    clock_.advance(1);
  }
  VideoPage first = list(alice_, "Alice", std::nullopt, 3);
  ASSERT_TRUE(first.next_cursor);
  VideoPage second = list(alice_, "Alice", std::nullopt, 3, first.next_cursor);
  EXPECT_EQ(titles(first), (std::vector<std::string>{"draft 4", "draft 3", "draft 2"}));
  EXPECT_EQ(titles(second), (std::vector<std::string>{"draft 1", "draft 0"}));
}

TEST_F(VideoServiceTest, default_page_is_twenty_and_limit_must_be_1_to_100) {
  for (int i = 0; i < 25; ++i) published(alice_, "v" + std::to_string(i));
  EXPECT_EQ(list(anonymous_).items.size(), 20u);
  EXPECT_EQ(list(anonymous_, std::nullopt, std::nullopt, 1).items.size(), 1u);
  EXPECT_EQ(list(anonymous_, std::nullopt, std::nullopt, 100).items.size(), 25u);

  for (std::int64_t bad : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{101}, std::int64_t{1000},
                           std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()}) {
    auto e = error_from([&] { list(anonymous_, std::nullopt, std::nullopt, bad); });
    EXPECT_EQ(e.code(), ErrorCode::validation_failed) << bad;
    EXPECT_EQ(field_of(e), "limit");
  }
}

TEST_F(VideoServiceTest, bad_cursor_is_rejected) {
  published(alice_, "v");
  std::vector<std::string> bad = {
      "not a cursor!",
      "%%%",
      crypto::base64url_encode("no-colon"),
      crypto::base64url_encode(":AAAAAAAAAAAA"),
      crypto::base64url_encode("12x:AAAAAAAAAAAA"),
      crypto::base64url_encode("-5:AAAAAAAAAAAA"),
      crypto::base64url_encode("99999999999999999999999:AAAAAAAAAAAA"),
      crypto::base64url_encode("1700000000000:bad id'--"),
      crypto::base64url_encode("1700000000000:"),
      repeat("A", 10'000),
  };
  for (const auto& cursor : bad) {
    auto e = error_from([&] { list(anonymous_, std::nullopt, std::nullopt, std::nullopt, cursor); });
    EXPECT_EQ(e.code(), ErrorCode::validation_failed) << cursor;
    EXPECT_EQ(field_of(e), "cursor");
  }
}

TEST_F(VideoServiceTest, empty_query_values_mean_no_filter) {
  published(alice_, "v");
  EXPECT_EQ(titles(list(anonymous_, "", "", std::nullopt, "")), (std::vector<std::string>{"v"}));
}

}  // namespace
}  // namespace marquee::videos
