#include "views/ViewStore.h"

#include <map>

namespace marquee::views {
namespace {

// INSERT … SELECT so the row is written only while its video (and account) exist; the
// casts tell PostgreSQL the parameter types, which a bare `?` in a SELECT list lacks.
constexpr const char* kUpsertViewer =
    "INSERT INTO video_viewers (video_id, viewer_key, user_id, session_id, session_watched_ms, "
    "session_max_position_ms, session_source, session_sampled, completed, updated_at) "
    "SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), "
    "CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS BOOLEAN), CAST(? AS BOOLEAN), CAST(? AS BIGINT) "
    "WHERE EXISTS (SELECT 1 FROM videos WHERE id = ?) ";
constexpr const char* kViewerOwnerExists = "AND EXISTS (SELECT 1 FROM users WHERE id = ?) ";
constexpr const char* kViewerConflict =
    "ON CONFLICT (video_id, viewer_key) DO UPDATE SET session_id = excluded.session_id, "
    "session_watched_ms = excluded.session_watched_ms, session_max_position_ms = excluded.session_max_position_ms, "
    "session_source = excluded.session_source, session_sampled = excluded.session_sampled, completed = (video_viewers.completed OR excluded.completed), "
    "updated_at = excluded.updated_at";

constexpr const char* kConfirmCount =
    "UPDATE video_viewers SET counted_at = ? WHERE video_id = ? AND viewer_key = ? "
    "AND (counted_at IS NULL OR counted_at <= ?)";

constexpr const char* kUpsertStats =
    "INSERT INTO video_stats (video_id, watched_ms, completion_sum, completion_samples, rewatch_count, updated_at) "
    "SELECT CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS DOUBLE PRECISION), CAST(? AS BIGINT), CAST(? AS BIGINT), "
    "CAST(? AS BIGINT) WHERE EXISTS (SELECT 1 FROM videos WHERE id = ?) "
    "ON CONFLICT (video_id) DO UPDATE SET watched_ms = video_stats.watched_ms + excluded.watched_ms, "
    "completion_sum = video_stats.completion_sum + excluded.completion_sum, "
    "completion_samples = video_stats.completion_samples + excluded.completion_samples, "
    "rewatch_count = video_stats.rewatch_count + excluded.rewatch_count, updated_at = excluded.updated_at";

// The studio's rollups (docs/studio.md#analytics): one row per video and UTC day, one per
// video, day and traffic source, and one per point of a video's audience-retention curve.
constexpr const char* kUpsertDaily =
    "INSERT INTO video_daily_stats (video_id, day, views, watched_ms) "
    "SELECT CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT) "
    "WHERE EXISTS (SELECT 1 FROM videos WHERE id = ?) "
    "ON CONFLICT (video_id, day) DO UPDATE SET views = video_daily_stats.views + excluded.views, "
    "watched_ms = video_daily_stats.watched_ms + excluded.watched_ms";

constexpr const char* kUpsertDailySource =
    "INSERT INTO video_daily_sources (video_id, day, source, views) "
    "SELECT CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS TEXT), CAST(? AS BIGINT) "
    "WHERE EXISTS (SELECT 1 FROM videos WHERE id = ?) "
    "ON CONFLICT (video_id, day, source) DO UPDATE SET views = video_daily_sources.views + excluded.views";

constexpr const char* kUpsertRetentionPoint =
    "INSERT INTO video_audience_retention (video_id, point, sessions) "
    "SELECT CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT) "
    "WHERE EXISTS (SELECT 1 FROM videos WHERE id = ?) "
    "ON CONFLICT (video_id, point) DO UPDATE SET sessions = video_audience_retention.sessions + excluded.sessions";

constexpr const char* kUpsertHistory =
    "INSERT INTO watch_history (user_id, video_id, position_ms, max_position_ms, watched_ms, rewatch_count, "
    "first_watched_at, last_watched_at) "
    "SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), "
    "CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT) "
    "WHERE EXISTS (SELECT 1 FROM videos WHERE id = ?) AND EXISTS (SELECT 1 FROM users WHERE id = ?) "
    "AND NOT EXISTS (SELECT 1 FROM history_settings s WHERE s.user_id = ? AND (s.paused OR s.cleared_at >= ?)) "
    "ON CONFLICT (user_id, video_id) DO UPDATE SET position_ms = excluded.position_ms, "
    "max_position_ms = CASE WHEN excluded.max_position_ms > watch_history.max_position_ms "
    "THEN excluded.max_position_ms ELSE watch_history.max_position_ms END, "
    "watched_ms = watch_history.watched_ms + excluded.watched_ms, "
    "rewatch_count = watch_history.rewatch_count + excluded.rewatch_count, "
    "last_watched_at = excluded.last_watched_at";

constexpr const char* kSelectProgress =
    "SELECT video_id, position_ms, max_position_ms, watched_ms, rewatch_count, first_watched_at, last_watched_at "
    "FROM watch_history WHERE user_id = ?";

db::Value optional_text(const std::optional<std::string>& value) {
  if (!value) return nullptr;
  return *value;
}

WatchProgress progress_from(const db::Row& row) {
  WatchProgress p;
  p.video_id = row.str("video_id");
  p.position_ms = row.i64("position_ms");
  p.max_position_ms = row.i64("max_position_ms");
  p.watched_ms = row.i64("watched_ms");
  p.rewatch_count = row.i64("rewatch_count");
  p.first_watched_at = row.i64("first_watched_at");
  p.last_watched_at = row.i64("last_watched_at");
  return p;
}

void write_viewer(db::Connection& c, const ViewerKey& key, const ViewerState& state, Millis now) {
  std::vector<db::Value> params{key.video_id,
                                key.viewer_key,
                                optional_text(state.user_id),
                                state.session_id,
                                state.session_watched_ms,
                                state.session_max_position_ms,
                                state.session_source,
                                std::int64_t{state.session_sampled},
                                std::int64_t{state.completed},
                                now,
                                key.video_id};
  std::string sql = kUpsertViewer;
  if (state.user_id) {
    sql += kViewerOwnerExists;
    params.emplace_back(*state.user_id);
  }
  sql += kViewerConflict;
  c.exec(sql, params);
}

// The daily rollup: watch time from the beacons, views (and their sources) from the counted
// views this flush confirmed.
void write_daily(db::Connection& c, const ViewBatch& batch, const std::map<DailyKey, std::int64_t>& views,
                 const std::map<std::pair<DailyKey, TrafficSource>, std::int64_t>& sources) {
  std::map<DailyKey, std::pair<std::int64_t, std::int64_t>> rows;  // views, watched_ms
  for (const auto& [key, count] : views) rows[key].first += count;
  for (const auto& [key, delta] : batch.daily) rows[key].second += delta.watched_ms;
  for (const auto& [key, row] : rows) {
    if (row.first == 0 && row.second == 0) continue;
    c.exec(kUpsertDaily, {key.first, key.second, row.first, row.second, key.first});
  }
  for (const auto& [key, count] : sources) {
    const auto& [day_key, source] = key;
    c.exec(kUpsertDailySource,
           {day_key.first, day_key.second, std::string(traffic_source_name(source)), count, day_key.first});
  }
}

void write_retention(db::Connection& c, const std::map<std::string, RetentionDelta>& retention) {
  for (const auto& [video_id, delta] : retention) {
    for (std::size_t point = 0; point < delta.sessions.size(); ++point) {
      if (delta.sessions[point] == 0) continue;
      c.exec(kUpsertRetentionPoint,
             {video_id, static_cast<std::int64_t>(point), delta.sessions[point], video_id});
    }
  }
}

}  // namespace

std::optional<ViewerState> ViewStore::load_viewer(const ViewerKey& key) {
  auto result = db_.query(
      "SELECT user_id, counted_at, session_id, session_watched_ms, session_max_position_ms, session_source, "
      "session_sampled, completed FROM video_viewers WHERE video_id = ? AND viewer_key = ?",
      {key.video_id, key.viewer_key});
  if (result.empty()) return std::nullopt;
  auto row = result.front();
  ViewerState state;
  if (!row.is_null("user_id")) state.user_id = row.str("user_id");
  if (!row.is_null("counted_at")) state.counted_at = row.i64("counted_at");
  state.session_id = row.str("session_id");
  state.session_watched_ms = row.i64("session_watched_ms");
  state.session_max_position_ms = row.i64("session_max_position_ms");
  state.session_source = row.str("session_source");
  state.session_sampled = row.boolean("session_sampled");
  state.completed = row.boolean("completed");
  return state;
}

void ViewStore::write(const ViewBatch& batch, Millis window_ms, Millis now) {
  db_.write([&](db::Connection& c) {
    for (const auto& [key, state] : batch.viewers) write_viewer(c, key, state, now);

    std::map<std::string, std::int64_t> views;
    std::map<DailyKey, std::int64_t> daily_views;
    std::map<std::pair<DailyKey, TrafficSource>, std::int64_t> daily_sources;
    for (const auto& view : batch.counted) {
      auto confirmed = c.exec(kConfirmCount, {view.at, view.key.video_id, view.key.viewer_key, view.at - window_ms});
      if (confirmed.affected_rows() != 1) continue;
      ++views[view.key.video_id];
      const DailyKey day{view.key.video_id, utc_day(view.at)};
      ++daily_views[day];
      ++daily_sources[{day, view.source}];
    }
    for (const auto& [video_id, count] : views) {
      c.exec("UPDATE videos SET views_count = views_count + ? WHERE id = ?", {count, video_id});
    }
    for (const auto& [video_id, delta] : batch.stats) {
      c.exec(kUpsertStats, {video_id, delta.watched_ms, delta.completion_sum, delta.completion_samples,
                            delta.rewatches, now, video_id});
    }
    for (const auto& [key, delta] : batch.history) {
      const auto& [user_id, video_id] = key;
      c.exec(kUpsertHistory, {user_id, video_id, delta.position_ms, delta.max_position_ms, delta.watched_ms,
                              delta.rewatches, delta.first_at, delta.last_at, video_id, user_id, user_id,
                              delta.first_at});
    }
    write_daily(c, batch, daily_views, daily_sources);
    write_retention(c, batch.retention);
  });
}

std::optional<WatchProgress> ViewStore::progress(const std::string& user_id, const std::string& video_id) {
  auto result = db_.query(std::string(kSelectProgress) + " AND video_id = ?", {user_id, video_id});
  if (result.empty()) return std::nullopt;
  return progress_from(result.front());
}

std::vector<WatchProgress> ViewStore::history(const std::string& user_id, const std::optional<HistoryPosition>& after,
                                              int limit) {
  std::string sql = kSelectProgress;
  std::vector<db::Value> params{user_id};
  if (after) {
    sql += " AND (last_watched_at < ? OR (last_watched_at = ? AND video_id < ?))";
    params.emplace_back(after->last_watched_at);
    params.emplace_back(after->last_watched_at);
    params.emplace_back(after->video_id);
  }
  sql += " ORDER BY last_watched_at DESC, video_id DESC LIMIT ?";
  params.emplace_back(std::int64_t{limit});
  std::vector<WatchProgress> rows;
  for (auto row : db_.query(sql, params)) rows.push_back(progress_from(row));
  return rows;
}

bool ViewStore::clear_history(const std::string& user_id, Millis now) {
  return db_.write([&](db::Connection& c) {
    auto marked = c.exec(
        "INSERT INTO history_settings (user_id, cleared_at, updated_at) "
        "SELECT CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT) WHERE EXISTS (SELECT 1 FROM users WHERE id = ?) "
        "ON CONFLICT (user_id) DO UPDATE SET cleared_at = excluded.cleared_at, updated_at = excluded.updated_at",
        {user_id, now, now, user_id});
    if (marked.affected_rows() == 0) return false;
    c.exec("DELETE FROM watch_history WHERE user_id = ?", {user_id});
    return true;
  });
}

void ViewStore::delete_history_entry(const std::string& user_id, const std::string& video_id) {
  db_.execute("DELETE FROM watch_history WHERE user_id = ? AND video_id = ?", {user_id, video_id});
}

HistorySettings ViewStore::settings(const std::string& user_id) {
  auto result = db_.query("SELECT paused FROM history_settings WHERE user_id = ?", {user_id});
  HistorySettings settings;
  if (!result.empty()) settings.paused = result.front().boolean("paused");
  return settings;
}

bool ViewStore::set_paused(const std::string& user_id, bool paused, Millis now) {
  return db_.execute(
                "INSERT INTO history_settings (user_id, paused, updated_at) "
                "SELECT CAST(? AS TEXT), CAST(? AS BOOLEAN), CAST(? AS BIGINT) "
                "WHERE EXISTS (SELECT 1 FROM users WHERE id = ?) "
                "ON CONFLICT (user_id) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at",
                {user_id, std::int64_t{paused}, now, user_id})
             .affected_rows() > 0;
}

VideoStats ViewStore::stats(const std::string& video_id) {
  auto result = db_.query(
      "SELECT v.views_count AS views_count, s.watched_ms AS watched_ms, s.completion_sum AS completion_sum, "
      "s.completion_samples AS completion_samples, s.rewatch_count AS rewatch_count "
      "FROM videos v LEFT JOIN video_stats s ON s.video_id = v.id WHERE v.id = ?",
      {video_id});
  VideoStats stats;
  if (result.empty()) return stats;
  auto row = result.front();
  stats.views_count = row.i64("views_count");
  stats.watched_ms = row.i64("watched_ms");
  stats.completion_sum = row.is_null("completion_sum") ? 0.0 : row.f64("completion_sum");
  stats.completion_samples = row.i64("completion_samples");
  stats.rewatch_count = row.i64("rewatch_count");
  return stats;
}

std::int64_t ViewStore::remove_viewers_idle_since(Millis before) {
  return db_.execute("DELETE FROM video_viewers WHERE updated_at < ?", {before}).affected_rows();
}

}  // namespace marquee::views
