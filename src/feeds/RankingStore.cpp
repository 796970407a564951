#include "feeds/RankingStore.h"

#include "videos/Video.h"
#include "videos/VideoRow.h"

namespace marquee::feeds {
namespace {

constexpr std::size_t kRowsPerInsert = 100;

using videos::listed_condition;

WatchQuality quality_from(const db::Row& row) {
  return {row.f64("completion_sum"), row.i64("completion_samples"), row.i64("rewatch_count")};
}

static_assert(kTrendingPeriods.size() == 2 && kTrendingPeriods[0] == TrendingPeriod::day &&
              kTrendingPeriods[1] == TrendingPeriod::week);

// Each event's age in each window's decay scale, then per video and window the sums of
// 1 / (1 + age)² by kind. Events are read once, from the widest window.
std::string engagement_sql() {
  auto age = [](const char* scale) {
    return std::string("CASE WHEN at >= ? THEN 0.0 ELSE (CAST(? AS DOUBLE PRECISION) - at) / ") + scale + " END";
  };
  auto sum = [](const std::string& window, const std::string& kind) {
    const std::string age = window + "_age";
    const std::string in_window = window == "day" ? " AND at >= ?" : "";
    return "SUM(CASE WHEN kind = '" + kind + "'" + in_window + " THEN 1.0 / ((1.0 + " + age + ") * (1.0 + " + age +
           ")) ELSE 0.0 END) AS " + window + "_" + kind + "s";
  };
  std::string sums;
  for (const char* window : {"day", "week"}) {
    for (const char* kind : {"view", "like", "dislike", "comment"}) sums += (sums.empty() ? "" : ", ") + sum(window, kind);
  }
  return "WITH events AS ("
         "  SELECT video_id, 'view' AS kind, counted_at AS at FROM video_viewers WHERE counted_at >= ?"
         "  UNION ALL SELECT video_id, rating AS kind, updated_at AS at FROM video_ratings WHERE updated_at >= ?"
         "  UNION ALL SELECT video_id, 'comment' AS kind, created_at AS at FROM comments WHERE created_at >= ?"
         "), aged AS ("
         "  SELECT video_id, kind, at, " + age("CAST(? AS DOUBLE PRECISION)") + " AS day_age, " +
         age("CAST(? AS DOUBLE PRECISION)") + " AS week_age FROM events"
         "), weighted AS (SELECT video_id, " + sums + " FROM aged GROUP BY video_id) "
         "SELECT w.*, v.created_at AS created_at, s.completion_sum AS completion_sum, "
         "s.completion_samples AS completion_samples, s.rewatch_count AS rewatch_count "
         "FROM weighted w JOIN videos v ON v.id = w.video_id JOIN users u ON u.id = v.owner_id "
         "LEFT JOIN video_stats s ON s.video_id = v.id WHERE " +
         listed_condition();
}

// INSERT … VALUES (…), (…) in batches, each row `columns` placeholders wide.
void insert_rows(db::Connection& c, const std::string& head, std::size_t columns,
                 const std::vector<std::vector<db::Value>>& rows) {
  std::string row_placeholders = "(?";
  for (std::size_t i = 1; i < columns; ++i) row_placeholders += ", ?";
  row_placeholders += ")";
  for (std::size_t start = 0; start < rows.size(); start += kRowsPerInsert) {
    const std::size_t end = std::min(rows.size(), start + kRowsPerInsert);
    std::string sql = head + " VALUES ";
    std::vector<db::Value> params;
    params.reserve((end - start) * columns);
    for (std::size_t i = start; i < end; ++i) {
      sql += (i == start ? "" : ", ") + row_placeholders;
      params.insert(params.end(), rows[i].begin(), rows[i].end());
    }
    c.exec(sql, params);
  }
}

}  // namespace

std::vector<EngagedVideo> RankingStore::engaged(Millis now) {
  static const std::string sql = engagement_sql();
  const Millis since_week = now - period_window_ms(TrendingPeriod::week);
  const Millis since_day = now - period_window_ms(TrendingPeriod::day);
  const std::vector<db::Value> params = {since_week, since_week, since_week,
                                         now, now, static_cast<double>(period_decay_scale_ms(TrendingPeriod::day)),
                                         now, now, static_cast<double>(period_decay_scale_ms(TrendingPeriod::week)),
                                         since_day, since_day, since_day, since_day};
  std::vector<EngagedVideo> videos;
  for (auto row : db_.query(sql, params)) {
    EngagedVideo video;
    video.id = row.str("video_id");
    video.created_at = row.i64("created_at");
    video.recent[0] = {row.f64("day_views"), row.f64("day_likes"), row.f64("day_dislikes"), row.f64("day_comments")};
    video.recent[1] = {row.f64("week_views"), row.f64("week_likes"), row.f64("week_dislikes"), row.f64("week_comments")};
    video.quality = quality_from(row);
    videos.push_back(std::move(video));
  }
  return videos;
}

std::vector<ReelSource> RankingStore::reel_sources(Millis max_duration_ms) {
  static const std::string sql =
      "SELECT v.id AS id, v.created_at AS created_at, v.views_count AS views_count, "
      "s.completion_sum AS completion_sum, s.completion_samples AS completion_samples, "
      "s.rewatch_count AS rewatch_count FROM videos v JOIN users u ON u.id = v.owner_id "
      "LEFT JOIN video_stats s ON s.video_id = v.id WHERE " +
      listed_condition() + " AND v.height > v.width AND v.duration_ms > 0 AND v.duration_ms <= ?";
  std::vector<ReelSource> sources;
  for (auto row : db_.query(sql, {max_duration_ms})) {
    sources.push_back({row.str("id"), row.i64("created_at"), row.i64("views_count"), quality_from(row)});
  }
  return sources;
}

std::int64_t RankingStore::save(const RankingSnapshot& snapshot, Millis now, Millis prune_before) {
  return db_.write([&](db::Connection& c) {
    auto latest = c.exec("SELECT MAX(generation) AS generation FROM feed_snapshots");
    const std::int64_t generation = latest.empty() ? 1 : latest.front().i64("generation") + 1;
    c.exec("INSERT INTO feed_snapshots (generation, computed_at) VALUES (?, ?)", {generation, now});

    for (std::size_t p = 0; p < kTrendingPeriods.size(); ++p) {
      const std::string period(period_name(kTrendingPeriods[p]));
      std::vector<std::vector<db::Value>> rows;
      rows.reserve(snapshot.trending[p].size());
      std::int64_t rank = 0;
      for (const auto& entry : snapshot.trending[p]) rows.push_back({period, generation, ++rank, entry.video_id, entry.score});
      insert_rows(c, "INSERT INTO trending_scores (period, generation, rank, video_id, score)", 5, rows);
    }
    std::vector<std::vector<db::Value>> reel_rows;
    reel_rows.reserve(snapshot.reels.size());
    std::int64_t rank = 0;
    for (const auto& entry : snapshot.reels) reel_rows.push_back({generation, ++rank, entry.video_id, entry.score});
    insert_rows(c, "INSERT INTO reel_scores (generation, rank, video_id, heat)", 4, reel_rows);

    auto kept = c.exec("SELECT MIN(generation) AS generation FROM feed_snapshots WHERE computed_at >= ?", {prune_before});
    const std::int64_t oldest_kept =
        kept.empty() || kept.front().is_null("generation") ? generation : kept.front().i64("generation");
    c.exec("DELETE FROM trending_scores WHERE generation < ?", {oldest_kept});
    c.exec("DELETE FROM reel_scores WHERE generation < ?", {oldest_kept});
    c.exec("DELETE FROM feed_snapshots WHERE generation < ?", {oldest_kept});
    return generation;
  });
}

}  // namespace marquee::feeds
