// PlaylistService against a real database (SQLite in a temp dir by default): what owners,
// viewers and moderators see when they build, order, page through and share playlists.
#include <gtest/gtest.h>

#include "events/InProcessEventBus.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>

#include "core/Clock.h"
#include "core/Error.h"
#include "core/Text.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "playlists/PlaylistService.h"
#include "support/DomainFixtures.h"
#include "support/TestDatabase.h"
#include "videos/VideoService.h"

namespace marquee::playlists {
namespace {

using accounts::Caller;
using accounts::Principal;
using accounts::Role;
using marquee::testing::error_from;
using marquee::testing::field_of;
using marquee::testing::repeat;

PlaylistFields titled(const std::string& title, const std::string& visibility = "public") {
  PlaylistFields fields;
  fields.title = title;
  fields.visibility = visibility;
  return fields;
}

class PlaylistServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = marquee::testing::make_temp_dir("marquee-playlists");
    db_ = db::open_database(marquee::testing::fresh_database_url(dir_), {});
    db::run_migrations(*db_);
    videos_ = std::make_unique<videos::VideoService>(*db_, clock_, bus_);
    playlists_ = std::make_unique<PlaylistService>(*db_, *videos_, clock_);
    alice_ = add_user("alice", Role::user);
    bob_ = add_user("bob", Role::creator);
    mod_ = add_user("mia", Role::moderator);
  }

  void TearDown() override {
    playlists_.reset();
    videos_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  Principal add_user(const std::string& username, Role role) {
    return marquee::testing::insert_user(*db_, username, role);
  }

  std::string video(const Principal& owner, const std::string& title, const std::string& visibility = "public") {
    videos::VideoDraft draft;
    draft.title = title;
    draft.visibility = visibility;
    auto created = videos_->create(owner, draft);
    clock_.advance(1);
    return created.id;
  }

  std::vector<std::string> videos(const Principal& owner, int count, const std::string& prefix = "v") {
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) ids.push_back(video(owner, prefix + std::to_string(i)));
    return ids;
  }

  Playlist playlist_with(const Principal& owner, const std::vector<std::string>& video_ids,
                         const std::string& visibility = "public") {
    Playlist playlist = playlists_->create(owner, titled("list", visibility));
    for (const auto& id : video_ids) playlists_->add_item(owner, playlist.id, id, std::nullopt);
    return playlist;
  }

  // Every item the caller sees, page by page, as (video title, position).
  std::vector<PlaylistItem> all_items(const Caller& caller, const std::string& playlist_id, std::int64_t limit = 100) {
    std::vector<PlaylistItem> out;
    std::optional<std::string> cursor;
    do {
      auto page = playlists_->items(caller, playlist_id, {limit, cursor});
      out.insert(out.end(), page.items.begin(), page.items.end());
      cursor = page.next_cursor;
    } while (cursor);
    return out;
  }

  std::vector<std::string> order(const Caller& caller, const std::string& playlist_id) {
    std::vector<std::string> ids;
    for (const auto& item : all_items(caller, playlist_id)) ids.push_back(item.video.id);
    return ids;
  }

  void expect_gap_free(const Caller& caller, const std::string& playlist_id) {
    auto items = all_items(caller, playlist_id);
    for (std::size_t i = 0; i < items.size(); ++i) EXPECT_EQ(items[i].position, static_cast<std::int64_t>(i));
    EXPECT_EQ(playlists_->get(caller, playlist_id).item_count, static_cast<std::int64_t>(items.size()));
  }

  std::string dir_;
  std::unique_ptr<db::Database> db_;
  ManualClock clock_{1'700'000'000'000};
  events::InProcessEventBus bus_{"test-node"};
  std::unique_ptr<videos::VideoService> videos_;
  std::unique_ptr<PlaylistService> playlists_;
  Principal alice_, bob_, mod_;
  const Caller anonymous_ = std::nullopt;
};

// --- creating and validation ---

TEST_F(PlaylistServiceTest, new_playlist_is_private_by_default_and_trimmed) {
  PlaylistFields fields;
  fields.title = "  Road trip  ";
  fields.description = "line one\r\nline two";
  Playlist playlist = playlists_->create(alice_, fields);
  EXPECT_EQ(playlist.title, "Road trip");
  EXPECT_EQ(playlist.description, "line one\nline two");
  EXPECT_EQ(playlist.visibility, PlaylistVisibility::private_);
  EXPECT_EQ(playlist.kind, PlaylistKind::user);
  EXPECT_EQ(playlist.owner_username, "alice");
  EXPECT_EQ(playlist.item_count, 0);
  EXPECT_EQ(playlists_->get(Caller(alice_), playlist.id).title, "Road trip");
}

TEST_F(PlaylistServiceTest, title_description_and_visibility_are_validated) {
  EXPECT_EQ(field_of(error_from([&] { playlists_->create(alice_, PlaylistFields{}); })), "title");
  EXPECT_EQ(field_of(error_from([&] { playlists_->create(alice_, titled("   ")); })), "title");
  EXPECT_EQ(field_of(error_from([&] { playlists_->create(alice_, titled(std::string(151, 'x'))); })), "title");
  EXPECT_EQ(field_of(error_from([&] { playlists_->create(alice_, titled("two\nlines")); })), "title");
  EXPECT_EQ(field_of(error_from([&] { playlists_->create(alice_, titled("bad \xff utf8")); })), "title");
  EXPECT_EQ(field_of(error_from([&] { playlists_->create(alice_, titled("ok", "secret")); })), "visibility");
  PlaylistFields long_description = titled("ok");
  long_description.description = std::string(5001, 'd');
  EXPECT_EQ(field_of(error_from([&] { playlists_->create(alice_, long_description); })), "description");

  // Lengths count code points: 150 three-byte characters fit.
  EXPECT_EQ(playlists_->create(alice_, titled(repeat("\xe2\x82\xac", 150))).title.size(), 450u);
  long_description.description = std::string(5000, 'd');
  EXPECT_NO_THROW(playlists_->create(alice_, long_description));
}

TEST_F(PlaylistServiceTest, only_the_owner_changes_a_playlist_and_strangers_never_see_private_ones) {
  Playlist open = playlists_->create(alice_, titled("open", "public"));
  Playlist hidden = playlists_->create(alice_, titled("hidden", "private"));
  Playlist by_link = playlists_->create(alice_, titled("by link", "unlisted"));

  EXPECT_EQ(playlists_->get(anonymous_, by_link.id).title, "by link");
  for (const Caller& other : {anonymous_, Caller(bob_), Caller(mod_)}) {
    EXPECT_EQ(error_from([&] { playlists_->get(other, hidden.id); }).code(), ErrorCode::not_found);
    EXPECT_EQ(playlists_->get(other, open.id).title, "open");
  }
  EXPECT_EQ(error_from([&] { playlists_->update(bob_, open.id, titled("mine")); }).code(), ErrorCode::forbidden);
  EXPECT_EQ(error_from([&] { playlists_->update(mod_, open.id, titled("mine")); }).code(), ErrorCode::forbidden);
  EXPECT_EQ(error_from([&] { playlists_->update(bob_, hidden.id, titled("mine")); }).code(), ErrorCode::not_found);

  clock_.advance(10);
  PlaylistFields patch;
  patch.description = "now described";
  Playlist updated = playlists_->update(alice_, open.id, patch);
  EXPECT_EQ(updated.title, "open");
  EXPECT_EQ(updated.description, "now described");
  EXPECT_EQ(updated.updated_at, clock_.now_ms());
}

TEST_F(PlaylistServiceTest, moderators_delete_public_and_unlisted_playlists_but_not_private_ones) {
  Playlist open = playlists_->create(alice_, titled("open", "public"));
  Playlist by_link = playlists_->create(alice_, titled("by link", "unlisted"));
  Playlist hidden = playlists_->create(alice_, titled("hidden", "private"));

  EXPECT_EQ(error_from([&] { playlists_->remove(bob_, open.id); }).code(), ErrorCode::forbidden);
  EXPECT_EQ(error_from([&] { playlists_->remove(bob_, hidden.id); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { playlists_->remove(mod_, hidden.id); }).code(), ErrorCode::not_found);
  playlists_->remove(mod_, open.id);
  playlists_->remove(mod_, by_link.id);
  playlists_->remove(alice_, hidden.id);
  for (const auto& id : {open.id, by_link.id, hidden.id}) {
    EXPECT_EQ(error_from([&] { playlists_->get(Caller(alice_), id); }).code(), ErrorCode::not_found);
  }
}

// --- order ---

TEST_F(PlaylistServiceTest, items_keep_the_order_of_adds_inserts_removes_and_moves) {
  auto v = videos(bob_, 6);
  Playlist playlist = playlist_with(alice_, {v[0], v[1], v[2]});
  EXPECT_EQ(order(Caller(alice_), playlist.id), (std::vector<std::string>{v[0], v[1], v[2]}));

  EXPECT_EQ(playlists_->add_item(alice_, playlist.id, v[3], 0).item.position, 0);
  EXPECT_EQ(playlists_->add_item(alice_, playlist.id, v[4], 2).item.position, 2);
  EXPECT_EQ(playlists_->add_item(alice_, playlist.id, v[5], 99).item.position, 5);  // past the end: last
  EXPECT_EQ(order(Caller(alice_), playlist.id), (std::vector<std::string>{v[3], v[0], v[4], v[1], v[2], v[5]}));

  playlists_->remove_item(alice_, playlist.id, v[4]);
  playlists_->remove_item(alice_, playlist.id, v[4]);  // idempotent
  EXPECT_EQ(order(Caller(alice_), playlist.id), (std::vector<std::string>{v[3], v[0], v[1], v[2], v[5]}));
  expect_gap_free(Caller(alice_), playlist.id);

  EXPECT_EQ(playlists_->move_item(alice_, playlist.id, v[5], 0).position, 0);
  EXPECT_EQ(order(Caller(alice_), playlist.id), (std::vector<std::string>{v[5], v[3], v[0], v[1], v[2]}));
  EXPECT_EQ(playlists_->move_item(alice_, playlist.id, v[5], 3).position, 3);
  EXPECT_EQ(order(Caller(alice_), playlist.id), (std::vector<std::string>{v[3], v[0], v[1], v[5], v[2]}));
  EXPECT_EQ(playlists_->move_item(alice_, playlist.id, v[3], 1000).position, 4);
  EXPECT_EQ(order(Caller(alice_), playlist.id), (std::vector<std::string>{v[0], v[1], v[5], v[2], v[3]}));
  EXPECT_EQ(playlists_->move_item(alice_, playlist.id, v[1], 1).position, 1);  // where it already is
  EXPECT_EQ(order(Caller(alice_), playlist.id), (std::vector<std::string>{v[0], v[1], v[5], v[2], v[3]}));
  expect_gap_free(Caller(alice_), playlist.id);
}

TEST_F(PlaylistServiceTest, adding_a_video_twice_keeps_one_item_where_it_was) {
  auto v = videos(bob_, 3);
  Playlist playlist = playlist_with(alice_, v);
  AddedItem again = playlists_->add_item(alice_, playlist.id, v[1], 0);
  EXPECT_FALSE(again.added);
  EXPECT_EQ(again.item.position, 1);
  EXPECT_EQ(order(Caller(alice_), playlist.id), v);
}

TEST_F(PlaylistServiceTest, bad_positions_and_unknown_items_are_refused) {
  auto v = videos(bob_, 2);
  Playlist playlist = playlist_with(alice_, {v[0]});
  EXPECT_EQ(field_of(error_from([&] { playlists_->add_item(alice_, playlist.id, v[1], -1); })), "position");
  EXPECT_EQ(field_of(error_from([&] { playlists_->move_item(alice_, playlist.id, v[0], -1); })), "position");
  EXPECT_EQ(error_from([&] { playlists_->move_item(alice_, playlist.id, v[1], 0); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { playlists_->add_item(alice_, playlist.id, "nosuchvideo0", 0); }).code(),
            ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { playlists_->add_item(alice_, "nosuchlist00", v[1], 0); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { playlists_->add_item(bob_, playlist.id, v[1], 0); }).code(), ErrorCode::forbidden);
  EXPECT_EQ(error_from([&] { playlists_->move_item(mod_, playlist.id, v[0], 0); }).code(), ErrorCode::forbidden);
  EXPECT_EQ(error_from([&] { playlists_->remove_item(bob_, playlist.id, v[0]); }).code(), ErrorCode::forbidden);
  EXPECT_EQ(field_of(error_from([&] { playlists_->items(Caller(alice_), playlist.id, {0, {}}); })), "limit");
  EXPECT_EQ(field_of(error_from([&] { playlists_->items(Caller(alice_), playlist.id, {5, "garbage!"}); })),
            "cursor");
  EXPECT_EQ(order(Caller(alice_), playlist.id), (std::vector<std::string>{v[0]}));
}

TEST_F(PlaylistServiceTest, someone_elses_private_video_cannot_be_added) {
  std::string secret = video(bob_, "secret", "private");
  Playlist playlist = playlists_->create(alice_, titled("list"));
  EXPECT_EQ(error_from([&] { playlists_->add_item(alice_, playlist.id, secret, std::nullopt); }).code(),
            ErrorCode::not_found);
  EXPECT_TRUE(playlists_->add_item(bob_, playlists_->create(bob_, titled("own")).id, secret, std::nullopt).added);
}

TEST_F(PlaylistServiceTest, a_full_playlist_refuses_more_videos) {
  Playlist playlist = playlists_->create(alice_, titled("huge"));
  db_->write([&](db::Connection& c) {
    for (std::int64_t i = 0; i < kMaxItemsPerPlaylist; ++i) {
      std::string id = "fill" + std::to_string(100000 + i);
      c.exec("INSERT INTO videos (id, owner_id, title, created_at, updated_at) VALUES (?, ?, 'x', 0, 0)",
             {id, bob_.user_id});
      c.exec("INSERT INTO playlist_items (playlist_id, video_id, position, added_at) VALUES (?, ?, ?, 0)",
             {playlist.id, id, i});
    }
  });
  std::string one_more = video(bob_, "one more");
  Error full = error_from([&] { playlists_->add_item(alice_, playlist.id, one_more, std::nullopt); });
  EXPECT_EQ(full.code(), ErrorCode::conflict);
  EXPECT_FALSE(playlists_->add_item(alice_, playlist.id, "fill100007", std::nullopt).added);  // already there: fine
}

// --- pages ---

TEST_F(PlaylistServiceTest, pages_neither_repeat_nor_skip_items_while_items_are_added) {
  auto originals = videos(bob_, 10, "original");
  auto newcomers = videos(bob_, 6, "new");
  Playlist playlist = playlist_with(alice_, originals);

  std::vector<std::string> seen;
  std::optional<std::string> cursor;
  std::size_t newcomer = 0;
  do {
    auto page = playlists_->items(Caller(alice_), playlist.id, {3, cursor});
    for (const auto& item : page.items) seen.push_back(item.video.id);
    cursor = page.next_cursor;
    if (newcomer < newcomers.size()) {
      playlists_->add_item(alice_, playlist.id, newcomers[newcomer++], 0);       // before everything seen
      playlists_->add_item(alice_, playlist.id, newcomers[newcomer++], std::nullopt);  // after everything
    }
  } while (cursor);

  std::set<std::string> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size()) << "an item came twice";
  for (const auto& id : originals) EXPECT_EQ(unique.count(id), 1u) << "skipped " << id;
  std::vector<std::string> originals_seen;
  for (const auto& id : seen) {
    if (std::find(originals.begin(), originals.end(), id) != originals.end()) originals_seen.push_back(id);
  }
  EXPECT_EQ(originals_seen, originals);
  expect_gap_free(Caller(alice_), playlist.id);
}

TEST_F(PlaylistServiceTest, a_page_goes_on_after_its_last_item_was_removed) {
  auto v = videos(bob_, 6);
  Playlist playlist = playlist_with(alice_, v);
  auto first = playlists_->items(Caller(alice_), playlist.id, {2, {}});
  ASSERT_TRUE(first.next_cursor);
  playlists_->remove_item(alice_, playlist.id, v[1]);
  auto second = playlists_->items(Caller(alice_), playlist.id, {2, first.next_cursor});
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_EQ(second.items[0].video.id, v[2]);
  EXPECT_EQ(second.items[0].position, 1);
}

// --- what readers see ---

TEST_F(PlaylistServiceTest, private_videos_are_left_out_for_those_who_may_not_watch_them) {
  auto v = videos(bob_, 3);
  Playlist playlist = playlist_with(alice_, v);
  videos::VideoPatch hide;
  hide.visibility = "private";
  videos_->update(bob_, v[1], hide);

  for (const Caller& reader : {anonymous_, Caller(alice_)}) {
    EXPECT_EQ(order(reader, playlist.id), (std::vector<std::string>{v[0], v[2]}));
    expect_gap_free(reader, playlist.id);
  }
  for (const Caller& reader : {Caller(bob_), Caller(mod_)}) {
    EXPECT_EQ(order(reader, playlist.id), v);
    expect_gap_free(reader, playlist.id);
  }
  // The owner moves among what she sees: position 1 is after v[2], the last she can see.
  playlists_->move_item(alice_, playlist.id, v[0], 1);
  EXPECT_EQ(order(Caller(alice_), playlist.id), (std::vector<std::string>{v[2], v[0]}));
  EXPECT_EQ(error_from([&] { playlists_->move_item(alice_, playlist.id, v[1], 0); }).code(), ErrorCode::not_found);
}

TEST_F(PlaylistServiceTest, a_deleted_video_leaves_every_playlist_without_a_gap) {
  auto v = videos(bob_, 4);
  Playlist first = playlist_with(alice_, v);
  Playlist second = playlist_with(bob_, {v[2], v[1]});
  videos_->remove(bob_, v[1]);
  EXPECT_EQ(order(Caller(alice_), first.id), (std::vector<std::string>{v[0], v[2], v[3]}));
  EXPECT_EQ(order(Caller(bob_), second.id), (std::vector<std::string>{v[2]}));
  expect_gap_free(Caller(alice_), first.id);
  playlists_->move_item(alice_, first.id, v[3], 1);
  EXPECT_EQ(order(Caller(alice_), first.id), (std::vector<std::string>{v[0], v[3], v[2]}));
  expect_gap_free(Caller(alice_), first.id);
}

TEST_F(PlaylistServiceTest, a_channel_lists_public_playlists_to_others_and_everything_to_its_owner) {
  Playlist open = playlists_->create(alice_, titled("open", "public"));
  clock_.advance(1);
  playlists_->create(alice_, titled("by link", "unlisted"));
  clock_.advance(1);
  playlists_->create(alice_, titled("hidden", "private"));
  clock_.advance(1);
  Playlist newest = playlists_->create(alice_, titled("newest", "public"));

  for (const Caller& other : {anonymous_, Caller(bob_), Caller(mod_)}) {
    auto page = playlists_->list_channel(other, "ALICE", {});
    ASSERT_EQ(page.items.size(), 2u);
    EXPECT_EQ(page.items[0].id, newest.id);
    EXPECT_EQ(page.items[1].id, open.id);
  }
  OwnPlaylists own = playlists_->list_own(alice_, {});
  ASSERT_EQ(own.page.items.size(), 6u);
  EXPECT_EQ(own.page.items[0].id, own.watch_later_id);
  EXPECT_EQ(own.page.items[1].id, own.saved_id);
  EXPECT_EQ(own.page.items[2].id, newest.id);
  EXPECT_EQ(own.page.items[5].id, open.id);
  EXPECT_EQ(playlists_->list_channel(Caller(alice_), "alice", {}).items.size(), 6u);

  std::vector<std::string> paged;
  std::optional<std::string> cursor;
  do {
    auto page = playlists_->list_own(alice_, {1, cursor}).page;
    for (const auto& p : page.items) paged.push_back(p.id);
    cursor = page.next_cursor;
  } while (cursor);
  ASSERT_EQ(paged.size(), 6u);
  for (std::size_t i = 0; i < paged.size(); ++i) EXPECT_EQ(paged[i], own.page.items[i].id);
  EXPECT_EQ(error_from([&] { playlists_->list_channel(anonymous_, "nobody", {}); }).code(), ErrorCode::not_found);
}

// --- system playlists ---

TEST_F(PlaylistServiceTest, system_playlists_are_created_once_private_and_fixed) {
  OwnPlaylists first = playlists_->list_own(alice_, {});
  OwnPlaylists again = playlists_->list_own(alice_, {});
  EXPECT_EQ(first.watch_later_id, again.watch_later_id);
  EXPECT_EQ(first.saved_id, again.saved_id);
  EXPECT_NE(first.watch_later_id, first.saved_id);

  Playlist watch_later = playlists_->get(Caller(alice_), first.watch_later_id);
  EXPECT_EQ(watch_later.kind, PlaylistKind::watch_later);
  EXPECT_EQ(watch_later.title, "Watch later");
  EXPECT_EQ(watch_later.visibility, PlaylistVisibility::private_);
  EXPECT_EQ(playlists_->get(Caller(alice_), first.saved_id).title, "Saved");
  EXPECT_EQ(error_from([&] { playlists_->get(Caller(mod_), first.saved_id); }).code(), ErrorCode::not_found);

  EXPECT_EQ(error_from([&] { playlists_->update(alice_, first.saved_id, titled("renamed", "private")); }).code(),
            ErrorCode::forbidden);
  PlaylistFields publish;
  publish.visibility = "public";
  EXPECT_EQ(error_from([&] { playlists_->update(alice_, first.saved_id, publish); }).code(), ErrorCode::forbidden);
  EXPECT_EQ(error_from([&] { playlists_->remove(alice_, first.watch_later_id); }).code(), ErrorCode::forbidden);

  auto v = videos(bob_, 2);
  EXPECT_TRUE(playlists_->add_to_system_playlist(alice_, PlaylistKind::watch_later, v[0]).added);
  EXPECT_FALSE(playlists_->add_to_system_playlist(alice_, PlaylistKind::watch_later, v[0]).added);
  AddedItem second = playlists_->add_to_system_playlist(alice_, PlaylistKind::watch_later, v[1]);
  EXPECT_EQ(second.item.position, 1);
  EXPECT_EQ(second.item.playlist_id, first.watch_later_id);
  EXPECT_EQ(order(Caller(alice_), first.watch_later_id), v);
  EXPECT_TRUE(playlists_->add_to_system_playlist(bob_, PlaylistKind::saved, v[0]).added);
  EXPECT_NE(playlists_->system_playlist(bob_, PlaylistKind::saved).id, first.saved_id);
}

}  // namespace
}  // namespace marquee::playlists
