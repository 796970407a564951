#include "FeedTestWorld.h"

#include <filesystem>

#include "core/Ids.h"
#include "db/Migrations.h"
#include "support/TestDatabase.h"

namespace marquee::feeds::testing {

FeedTestWorld::FeedTestWorld() {
  dir_ = marquee::testing::make_temp_dir("marquee-feeds");
  db_ = db::open_database(marquee::testing::fresh_database_url(dir_), {});
  db::run_migrations(*db_);
}

FeedTestWorld::~FeedTestWorld() {
  db_.reset();
  std::filesystem::remove_all(dir_);
}

std::string FeedTestWorld::add_user(const std::string& name) {
  const std::string id = new_public_id();
  const std::string username = name + std::to_string(++users_);
  db_->execute(
      "INSERT INTO users (id, email, username, username_key, password_hash, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, 'x', 0, 0)",
      {id, username + "@example.com", username, username});
  return id;
}

std::string FeedTestWorld::add_video(const std::string& owner_id, const VideoSpec& spec) {
  const std::string id = new_public_id();
  std::string tags_json = "[";
  for (std::size_t i = 0; i < spec.tags.size(); ++i) tags_json += (i ? ",\"" : "\"") + spec.tags[i] + "\"";
  tags_json += "]";
  const Millis created = clock_.now_ms() - spec.age_ms;
  db_->execute(
      "INSERT INTO videos (id, owner_id, title, tags_json, visibility, is_premium, is_adult, status, duration_ms, "
      "width, height, created_at, updated_at) VALUES (?, ?, 'video', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {id, owner_id, tags_json, spec.visibility, std::int64_t{spec.premium}, std::int64_t{spec.adult}, spec.status,
       spec.duration_ms, spec.width, spec.height, created, created});
  for (const auto& tag : spec.tags) {
    db_->execute("INSERT INTO video_tags (video_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", {id, tag});
  }
  return id;
}

void FeedTestWorld::add_view(const std::string& video_id, const std::string& user_id, Millis age_ms) {
  const Millis at = clock_.now_ms() - age_ms;
  db_->execute(
      "INSERT INTO video_viewers (video_id, viewer_key, user_id, counted_at, updated_at) VALUES (?, ?, ?, ?, ?)",
      {video_id, "u:" + user_id, user_id, at, at});
  db_->execute("UPDATE videos SET views_count = views_count + 1 WHERE id = ?", {video_id});
}

void FeedTestWorld::add_views(const std::string& video_id, int count, Millis age_ms) {
  for (int i = 0; i < count; ++i) add_view(video_id, add_user("viewer"), age_ms);
}

void FeedTestWorld::add_rating(const std::string& video_id, const std::string& user_id, bool like, Millis age_ms) {
  const Millis at = clock_.now_ms() - age_ms;
  db_->execute("INSERT INTO video_ratings (video_id, user_id, rating, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
               {video_id, user_id, std::string(like ? "like" : "dislike"), at, at});
}

void FeedTestWorld::add_comment(const std::string& video_id, const std::string& user_id, Millis age_ms) {
  const Millis at = clock_.now_ms() - age_ms;
  db_->execute(
      "INSERT INTO comments (id, video_id, author_id, body, created_at, updated_at) VALUES (?, ?, ?, 'hi', ?, ?)",
      {new_public_id(), video_id, user_id, at, at});
}

void FeedTestWorld::add_history(const std::string& user_id, const std::string& video_id, Millis age_ms) {
  const Millis at = clock_.now_ms() - age_ms;
  db_->execute(
      "INSERT INTO watch_history (user_id, video_id, first_watched_at, last_watched_at) VALUES (?, ?, ?, ?)",
      {user_id, video_id, at, at});
}

void FeedTestWorld::set_stats(const std::string& video_id, double completion_sum, std::int64_t samples,
                              std::int64_t rewatches) {
  db_->execute(
      "INSERT INTO video_stats (video_id, completion_sum, completion_samples, rewatch_count, updated_at) "
      "VALUES (?, ?, ?, ?, 0)",
      {video_id, completion_sum, samples, rewatches});
}

void FeedTestWorld::subscribe(const std::string& subscriber_id, const std::string& channel_id) {
  db_->execute("INSERT INTO subscriptions (subscriber_id, channel_id, created_at) VALUES (?, ?, ?)",
               {subscriber_id, channel_id, clock_.now_ms()});
}

void FeedTestWorld::block(const std::string& user_id, const std::string& channel_id) {
  db_->execute("INSERT INTO blocks (user_id, blocked_user_id, created_at) VALUES (?, ?, ?)",
               {user_id, channel_id, clock_.now_ms()});
}

}  // namespace marquee::feeds::testing
