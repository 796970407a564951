#include "social/RatingStore.h"

#include "social/RowLock.h"

namespace marquee::social {
namespace {

Rating stored_rating(const std::string& name) { return parse_rating(name).value_or(Rating::none); }

std::int64_t counts_as_like(Rating r) { return r == Rating::like ? 1 : 0; }
std::int64_t counts_as_dislike(Rating r) { return r == Rating::dislike ? 1 : 0; }

// Moves the counters from `before` to `after` and reads them back.
RatingState settle_counters(db::Connection& c, const std::string& video_id, Rating before, Rating after) {
  const std::int64_t likes = counts_as_like(after) - counts_as_like(before);
  const std::int64_t dislikes = counts_as_dislike(after) - counts_as_dislike(before);
  auto counters =
      likes == 0 && dislikes == 0
          ? c.exec("SELECT likes_count, dislikes_count FROM videos WHERE id = ?", {video_id})
          : c.exec("UPDATE videos SET likes_count = likes_count + ?, dislikes_count = dislikes_count + ? WHERE id = ? "
                   "RETURNING likes_count, dislikes_count",
                   {likes, dislikes, video_id});
  auto row = counters.front();
  return {after, row.i64("likes_count"), row.i64("dislikes_count")};
}

// Sets the rating row to `target` and returns what it was. The caller holds the video's lock;
// the statements are still written so that only what they really changed is counted.
Rating replace_rating(db::Connection& c, const std::string& video_id, const std::string& user_id, Rating target,
                      Millis now) {
  if (target == Rating::none) {
    auto removed =
        c.exec("DELETE FROM video_ratings WHERE video_id = ? AND user_id = ? RETURNING rating", {video_id, user_id});
    return removed.empty() ? Rating::none : stored_rating(removed.front().str("rating"));
  }
  const std::string name(rating_name(target));
  auto inserted = c.exec(
      "INSERT INTO video_ratings (video_id, user_id, rating, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
      "ON CONFLICT (video_id, user_id) DO NOTHING",
      {video_id, user_id, name, now, now});
  if (inserted.affected_rows() == 1) return Rating::none;
  auto changed = c.exec(
      "UPDATE video_ratings SET rating = ?, updated_at = ? WHERE video_id = ? AND user_id = ? AND rating <> ? "
      "RETURNING rating",
      {name, now, video_id, user_id, name});
  if (changed.empty()) return target;
  return target == Rating::like ? Rating::dislike : Rating::like;
}

}  // namespace

RatingWrite RatingStore::set(const std::string& video_id, const std::string& user_id, Rating rating, Millis now) {
  return db_.write([&](db::Connection& c) -> RatingWrite {
    if (!lock_counter_row(c, db_.dialect(), CounterRow::video, video_id)) return {WriteStatus::video_missing, {}};
    if (!user_exists(c, db_.dialect(), user_id)) return {WriteStatus::user_missing, {}};
    Rating before = replace_rating(c, video_id, user_id, rating, now);
    return {WriteStatus::done, settle_counters(c, video_id, before, rating), before};
  });
}

RatingWrite RatingStore::toggle_like(const std::string& video_id, const std::string& user_id, Millis now) {
  return db_.write([&](db::Connection& c) -> RatingWrite {
    if (!lock_counter_row(c, db_.dialect(), CounterRow::video, video_id)) return {WriteStatus::video_missing, {}};
    if (!user_exists(c, db_.dialect(), user_id)) return {WriteStatus::user_missing, {}};
    auto unliked = c.exec("DELETE FROM video_ratings WHERE video_id = ? AND user_id = ? AND rating = ?",
                          {video_id, user_id, std::string(rating_name(Rating::like))});
    if (unliked.affected_rows() == 1) {
      return {WriteStatus::done, settle_counters(c, video_id, Rating::like, Rating::none), Rating::like};
    }
    Rating before = replace_rating(c, video_id, user_id, Rating::like, now);
    return {WriteStatus::done, settle_counters(c, video_id, before, Rating::like), before};
  });
}

std::optional<RatingState> RatingStore::current(const std::string& video_id, const std::string& user_id) {
  return db_.read([&](db::Connection& c) -> std::optional<RatingState> {
    auto counters = c.exec("SELECT likes_count, dislikes_count FROM videos WHERE id = ?", {video_id});
    if (counters.empty()) return std::nullopt;
    auto mine = c.exec("SELECT rating FROM video_ratings WHERE video_id = ? AND user_id = ?", {video_id, user_id});
    auto row = counters.front();
    return RatingState{mine.empty() ? Rating::none : stored_rating(mine.front().str("rating")), row.i64("likes_count"),
                       row.i64("dislikes_count")};
  });
}

std::vector<LikedVideo> RatingStore::liked(const std::string& user_id, const std::optional<ListPosition>& after,
                                           int limit) {
  std::string sql = "SELECT video_id, updated_at FROM video_ratings WHERE user_id = ? AND rating = ?";
  std::vector<db::Value> params{user_id, std::string(rating_name(Rating::like))};
  if (after) {
    sql += " AND (updated_at < ? OR (updated_at = ? AND video_id < ?))";
    params.insert(params.end(), {after->at, after->at, after->id});
  }
  sql += " ORDER BY updated_at DESC, video_id DESC LIMIT ?";
  params.emplace_back(std::int64_t{limit});
  return db_.read([&](db::Connection& c) {
    std::vector<LikedVideo> out;
    for (auto row : c.exec(sql, params)) out.push_back({row.str("video_id"), row.i64("updated_at")});
    return out;
  });
}

int RatingStore::remove_all_by(const std::string& user_id) {
  auto rated = db_.query("SELECT video_id FROM video_ratings WHERE user_id = ?", {user_id});
  int removed = 0;
  for (auto row : rated) {
    const std::string video_id = row.str("video_id");
    removed += db_.write([&](db::Connection& c) {
      if (!lock_counter_row(c, db_.dialect(), CounterRow::video, video_id)) return 0;
      Rating before = replace_rating(c, video_id, user_id, Rating::none, 0);
      settle_counters(c, video_id, before, Rating::none);
      return before == Rating::none ? 0 : 1;
    });
  }
  return removed;
}

}  // namespace marquee::social
