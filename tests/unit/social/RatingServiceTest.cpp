// RatingService against a real database: likes and dislikes, what each caller may rate,
// counters that always equal the ratings, and the caller's list of liked videos.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "SocialFixture.h"

namespace marquee::social {
namespace {

class RatingServiceTest : public SocialFixture {
 protected:
  std::vector<std::string> ids(const videos::VideoPage& page) {
    std::vector<std::string> out;
    for (const auto& v : page.items) out.push_back(v.id);
    return out;
  }
};

TEST_F(RatingServiceTest, like_toggles_on_and_off) {
  auto video = video_of(bob_);
  LikeToggle first = ratings_->toggle_like(alice_, video.id);
  EXPECT_TRUE(first.liked);
  EXPECT_EQ(first.likes_count, 1);
  EXPECT_EQ(reload(video.id).likes_count, 1);

  LikeToggle second = ratings_->toggle_like(alice_, video.id);
  EXPECT_FALSE(second.liked);
  EXPECT_EQ(second.likes_count, 0);
  EXPECT_EQ(ratings_->rating_of(alice_, video.id).rating, Rating::none);
  expect_counters_exact();
}

TEST_F(RatingServiceTest, explicit_rating_moves_both_counters_and_repeating_it_changes_nothing) {
  auto video = video_of(bob_);
  ratings_->toggle_like(carol_, video.id);

  RatingState liked = ratings_->rate(alice_, video.id, "like");
  EXPECT_EQ(liked.rating, Rating::like);
  EXPECT_EQ(liked.likes_count, 2);
  EXPECT_EQ(liked.dislikes_count, 0);
  EXPECT_EQ(ratings_->rate(alice_, video.id, "like").likes_count, 2);

  RatingState disliked = ratings_->rate(alice_, video.id, "dislike");
  EXPECT_EQ(disliked.rating, Rating::dislike);
  EXPECT_EQ(disliked.likes_count, 1);
  EXPECT_EQ(disliked.dislikes_count, 1);
  EXPECT_EQ(ratings_->rate(alice_, video.id, "dislike").dislikes_count, 1);

  RatingState cleared = ratings_->rate(alice_, video.id, "none");
  EXPECT_EQ(cleared.rating, Rating::none);
  EXPECT_EQ(cleared.likes_count, 1);
  EXPECT_EQ(cleared.dislikes_count, 0);
  EXPECT_EQ(ratings_->rate(alice_, video.id, "none").likes_count, 1);

  auto stored = reload(video.id);
  EXPECT_EQ(stored.likes_count, 1);
  EXPECT_EQ(stored.dislikes_count, 0);
  expect_counters_exact();
}

TEST_F(RatingServiceTest, toggling_a_dislike_turns_it_into_a_like) {
  auto video = video_of(bob_);
  ratings_->rate(alice_, video.id, "dislike");
  LikeToggle toggle = ratings_->toggle_like(alice_, video.id);
  EXPECT_TRUE(toggle.liked);
  EXPECT_EQ(toggle.likes_count, 1);
  EXPECT_EQ(reload(video.id).dislikes_count, 0);
  expect_counters_exact();
}

TEST_F(RatingServiceTest, unknown_rating_is_refused_naming_the_field) {
  auto video = video_of(bob_);
  for (const char* bad : {"love", "", "LIKE", "like "}) {
    auto e = error_from([&] { ratings_->rate(alice_, video.id, bad); });
    EXPECT_EQ(e.code(), ErrorCode::validation_failed) << bad;
    EXPECT_EQ(field_of(e), "rating") << bad;
  }
  EXPECT_EQ(reload(video.id).likes_count, 0);
}

TEST_F(RatingServiceTest, private_videos_are_rated_only_by_those_who_may_see_them) {
  auto video = video_of(bob_, "private");
  EXPECT_EQ(error_from([&] { ratings_->toggle_like(alice_, video.id); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { ratings_->rate(alice_, video.id, "dislike"); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { ratings_->rating_of(alice_, video.id); }).code(), ErrorCode::not_found);
  EXPECT_TRUE(ratings_->toggle_like(bob_, video.id).liked);
  EXPECT_TRUE(ratings_->toggle_like(mod_, video.id).liked);
  EXPECT_EQ(reload(video.id).likes_count, 2);

  auto unlisted = video_of(bob_, "unlisted");
  EXPECT_TRUE(ratings_->toggle_like(alice_, unlisted.id).liked);
}

TEST_F(RatingServiceTest, missing_videos_and_junk_ids_are_not_found) {
  EXPECT_EQ(error_from([&] { ratings_->toggle_like(alice_, "nosuchvideo1"); }).code(), ErrorCode::not_found);
  EXPECT_EQ(error_from([&] { ratings_->rate(alice_, "../../etc", "like"); }).code(), ErrorCode::not_found);
}

TEST_F(RatingServiceTest, a_token_that_outlived_its_account_cannot_rate) {
  auto video = video_of(bob_);
  Principal ghost = add_user("ghost", Role::user);
  db_->execute("DELETE FROM users WHERE id = ?", {ghost.user_id});
  EXPECT_EQ(error_from([&] { ratings_->toggle_like(ghost, video.id); }).code(), ErrorCode::unauthorized);
  EXPECT_EQ(reload(video.id).likes_count, 0);
}

TEST_F(RatingServiceTest, rating_of_tells_the_caller_their_own_rating) {
  auto video = video_of(bob_);
  ratings_->rate(alice_, video.id, "dislike");
  ratings_->rate(carol_, video.id, "like");
  RatingState mine = ratings_->rating_of(alice_, video.id);
  EXPECT_EQ(mine.rating, Rating::dislike);
  EXPECT_EQ(mine.likes_count, 1);
  EXPECT_EQ(mine.dislikes_count, 1);
  EXPECT_EQ(ratings_->rating_of(bob_, video.id).rating, Rating::none);
}

TEST_F(RatingServiceTest, concurrent_likes_of_many_users_are_all_counted) {
  auto video = video_of(bob_);
  std::vector<Principal> fans;
  for (int i = 0; i < 40; ++i) fans.push_back(add_user("fan" + std::to_string(i), Role::user));
  std::vector<std::jthread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = static_cast<std::size_t>(t); i < fans.size(); i += 8) ratings_->toggle_like(fans[i], video.id);
    });
  }
  threads.clear();
  EXPECT_EQ(reload(video.id).likes_count, 40);
  expect_counters_exact();
}

TEST_F(RatingServiceTest, one_user_toggling_concurrently_ends_consistent) {
  auto video = video_of(bob_);
  std::vector<std::jthread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 13; ++i) {
        if ((t + i) % 3 == 0) {
          ratings_->rate(alice_, video.id, "dislike");
        } else {
          ratings_->toggle_like(alice_, video.id);
        }
      }
    });
  }
  threads.clear();
  auto stored = reload(video.id);
  EXPECT_LE(stored.likes_count + stored.dislikes_count, 1);
  RatingState mine = ratings_->rating_of(alice_, video.id);
  EXPECT_EQ(mine.likes_count, mine.rating == Rating::like ? 1 : 0);
  EXPECT_EQ(mine.dislikes_count, mine.rating == Rating::dislike ? 1 : 0);
  expect_counters_exact();
}

TEST_F(RatingServiceTest, liked_videos_come_most_recently_liked_first_in_pages) {
  std::vector<std::string> liked;
  for (int i = 0; i < 5; ++i) {
    auto video = video_of(bob_);
    ratings_->toggle_like(alice_, video.id);
    liked.push_back(video.id);
    clock_.advance(10);
  }
  auto disliked = video_of(bob_);
  ratings_->rate(alice_, disliked.id, "dislike");
  // Liking an old video again puts it first: the list is ordered by when the like was given.
  ratings_->toggle_like(alice_, liked[0]);
  clock_.advance(10);
  ratings_->toggle_like(alice_, liked[0]);

  std::vector<std::string> seen;
  std::optional<std::string> cursor;
  int pages = 0;
  do {
    auto page = ratings_->liked_videos(alice_, LikedQuery{2, cursor});
    for (const auto& id : ids(page)) seen.push_back(id);
    cursor = page.next_cursor;
    ++pages;
  } while (cursor);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{liked[0], liked[4], liked[3], liked[2], liked[1]}));
  EXPECT_TRUE(ratings_->liked_videos(carol_, LikedQuery{}).items.empty());
}

TEST_F(RatingServiceTest, liked_videos_leave_out_videos_the_caller_may_no_longer_see) {
  std::vector<std::string> liked;
  for (int i = 0; i < 6; ++i) {
    auto video = video_of(bob_);
    ratings_->toggle_like(alice_, video.id);
    liked.push_back(video.id);
  }
  make_private(liked[5]);
  make_private(liked[4]);
  make_private(liked[2]);

  auto first = ratings_->liked_videos(alice_, LikedQuery{2, std::nullopt});
  EXPECT_EQ(ids(first), (std::vector<std::string>{liked[3], liked[1]}));
  ASSERT_TRUE(first.next_cursor);
  auto second = ratings_->liked_videos(alice_, LikedQuery{2, first.next_cursor});
  EXPECT_EQ(ids(second), (std::vector<std::string>{liked[0]}));
  EXPECT_FALSE(second.next_cursor);

  // The owner still sees their private videos among their likes.
  ratings_->toggle_like(bob_, liked[5]);
  EXPECT_EQ(ids(ratings_->liked_videos(bob_, LikedQuery{})), (std::vector<std::string>{liked[5]}));
}

TEST_F(RatingServiceTest, liked_videos_refuse_bad_limits_and_foreign_cursors) {
  EXPECT_EQ(field_of(error_from([&] { ratings_->liked_videos(alice_, LikedQuery{0, std::nullopt}); })), "limit");
  EXPECT_EQ(field_of(error_from([&] { ratings_->liked_videos(alice_, LikedQuery{101, std::nullopt}); })), "limit");
  EXPECT_EQ(field_of(error_from([&] { ratings_->liked_videos(alice_, LikedQuery{std::nullopt, "junk!"}); })), "cursor");
  std::string comments_cursor = encode_cursor(CursorKind::newest_comments, {0, 5, "abcdefghijkl"});
  EXPECT_EQ(field_of(error_from([&] { ratings_->liked_videos(alice_, LikedQuery{std::nullopt, comments_cursor}); })),
            "cursor");
}

TEST_F(RatingServiceTest, deleting_a_video_takes_its_ratings_with_it) {
  auto video = video_of(bob_);
  ratings_->toggle_like(alice_, video.id);
  ratings_->rate(carol_, video.id, "dislike");
  videos_->remove(bob_, video.id);
  EXPECT_EQ(number("SELECT COUNT(*) AS n FROM video_ratings"), 0);
  EXPECT_TRUE(ratings_->liked_videos(alice_, LikedQuery{}).items.empty());
}

TEST_F(RatingServiceTest, forgetting_an_account_before_deleting_it_keeps_counters_exact) {
  auto first = video_of(bob_);
  auto second = video_of(bob_);
  ratings_->toggle_like(alice_, first.id);
  ratings_->toggle_like(carol_, first.id);
  ratings_->rate(carol_, second.id, "dislike");

  EXPECT_EQ(ratings_->forget_user(carol_.user_id), 2);
  db_->execute("DELETE FROM users WHERE id = ?", {carol_.user_id});
  EXPECT_EQ(reload(first.id).likes_count, 1);
  EXPECT_EQ(reload(second.id).dislikes_count, 0);
  expect_counters_exact();
}

}  // namespace
}  // namespace marquee::social
