#include "feeds/FeedStore.h"

#include "feeds/ExplorationNoise.h"
#include "feeds/MemoryOnly.h"
#include "videos/VideoRow.h"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <bit>

namespace marquee::feeds {
namespace {

using videos::Video;

using videos::kVideoColumns;
using videos::tags_from_column;
using videos::video_from_row;

// A statement under construction: conditions joined with AND, parameters in order.
struct Query {
  std::string sql;
  std::vector<std::string> conditions;
  std::vector<db::Value> params;

  std::string text(const std::string& tail) const {
    std::string out = sql;
    for (std::size_t i = 0; i < conditions.size(); ++i) out += (i == 0 ? " WHERE " : " AND ") + conditions[i];
    return out + tail;
  }
};

using videos::listed_condition;

using db::padded_size;
using db::placeholders;

void add_padded_list(Query& query, const std::vector<std::string>& values) {
  const std::size_t size = padded_size(values.size());
  for (std::size_t i = 0; i < size; ++i) query.params.emplace_back(values[std::min(i, values.size() - 1)]);
}

void add_viewer_filters(Query& query, const FeedViewer& viewer) {
  query.conditions.push_back(listed_condition());
  if (!viewer.adult_allowed) query.conditions.emplace_back("NOT v.is_adult");
  // Only for a viewer known to block someone: most block no one, and their queries stay lean.
  if (viewer.user_id && viewer.blocks_any()) {
    query.conditions.emplace_back(
        "NOT EXISTS (SELECT 1 FROM blocks b WHERE b.user_id = ? AND b.blocked_user_id = v.owner_id)");
    query.params.emplace_back(*viewer.user_id);
  }
}

// A row-value comparison, so both databases seek the (created_at, id) indexes to the position.
void add_newest_after(Query& query, const std::optional<NewestPosition>& after) {
  if (!after) return;
  query.conditions.emplace_back("(v.created_at, v.id) < (?, ?)");
  query.params.emplace_back(after->created_at);
  query.params.emplace_back(after->id);
}

bool newer(const FeedEntry& a, const FeedEntry& b) {
  return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
}

void add_without_subscribed(Query& query, const FeedViewer& viewer) {
  if (!viewer.user_id) return;
  query.conditions.emplace_back(
      "NOT EXISTS (SELECT 1 FROM subscriptions s WHERE s.subscriber_id = ? AND s.channel_id = v.owner_id)");
  query.params.emplace_back(*viewer.user_id);
}

// Rows with id and created_at, and rank and score when selected.
std::vector<FeedEntry> entries_of(db::Database& db, const std::string& sql, const std::vector<db::Value>& params) {
  std::vector<FeedEntry> entries;
  auto result = db.query(sql, params);
  const auto& columns = result.columns();
  const bool ranked = std::find(columns.begin(), columns.end(), "rank") != columns.end();
  entries.reserve(result.size());
  for (auto row : result) {
    entries.push_back({row.str("id"), row.i64("created_at"), ranked ? row.i64("rank") : 0, ranked ? row.f64("score") : 0});
  }
  return entries;
}

// A row of a list FeedCatalog holds: with the owner and adult flag its per-viewer filters need.
FeedEntry listed_entry(const db::Row& row) {
  FeedEntry entry;
  entry.id = row.str("id");
  entry.created_at = row.i64("created_at");
  entry.owner_id = row.str("owner_id");
  entry.is_adult = row.boolean("is_adult");
  return entry;
}

std::vector<Video> videos_of(db::Database& db, const std::string& sql, const std::vector<db::Value>& params) {
  std::vector<Video> videos;
  for (auto row : db.query(sql, params)) videos.push_back(video_from_row(row));
  return videos;
}

}  // namespace

std::optional<std::int64_t> FeedStore::latest_generation() {
  require_database();
  auto result = db_.query("SELECT MAX(generation) AS generation FROM feed_snapshots");
  if (result.empty() || result.front().is_null("generation")) return std::nullopt;
  return result.front().i64("generation");
}

bool FeedStore::has_generation(std::int64_t generation) {
  require_database();
  return !db_.query("SELECT 1 AS present FROM feed_snapshots WHERE generation = ?", {generation}).empty();
}

// Each followed channel's newest `limit` through its (owner_id, created_at, id) index, merged:
// the cost follows the number of channels, not how many videos they hold. PostgreSQL does it
// in one statement with LATERAL; SQLite, which has no LATERAL, one cheap in-process query per
// channel inside one read transaction.
std::vector<FeedEntry> FeedStore::subscribed(const std::string& subscriber_id, const FeedViewer& viewer,
                                             const std::optional<NewestPosition>& after, int limit) {
  require_database();
  const bool postgres = db_.dialect() == db::Dialect::postgres;
  Query channel;
  channel.sql = postgres ? "SELECT v.id, v.created_at FROM videos v"
                         : "SELECT v.id AS id, v.created_at AS created_at FROM videos v JOIN users u ON u.id = v.owner_id";
  channel.conditions.emplace_back(postgres ? "v.owner_id = s.channel_id" : "v.owner_id = ?");
  if (!postgres) channel.params.emplace_back(std::string());
  add_viewer_filters(channel, viewer);
  add_newest_after(channel, after);
  channel.params.emplace_back(std::int64_t{limit});
  const std::string newest_first = " ORDER BY v.created_at DESC, v.id DESC LIMIT ?";

  if (postgres) {
    std::vector<db::Value> params = channel.params;
    params.emplace_back(subscriber_id);
    params.emplace_back(std::int64_t{limit});
    return entries_of(db_,
                      "SELECT v.id AS id, v.created_at AS created_at FROM subscriptions s CROSS JOIN LATERAL (" +
                          channel.text(newest_first) +
                          ") v JOIN users u ON u.id = s.channel_id WHERE s.subscriber_id = ?" + newest_first,
                      params);
  }

  const std::string sql = channel.text(newest_first);
  return db_.read([&](db::Connection& c) {
    std::vector<FeedEntry> entries;
    for (auto followed : c.exec("SELECT channel_id FROM subscriptions WHERE subscriber_id = ?", {subscriber_id})) {
      channel.params[0] = followed.str("channel_id");
      for (auto row : c.exec(sql, channel.params)) entries.push_back({row.str("id"), row.i64("created_at")});
    }
    std::sort(entries.begin(), entries.end(), newer);
    if (entries.size() > static_cast<std::size_t>(limit)) entries.resize(static_cast<std::size_t>(limit));
    return entries;
  });
}

std::vector<std::string> FeedStore::subscribed_channels(const std::string& subscriber_id) {
  require_database();
  std::vector<std::string> channels;
  for (auto row : db_.query("SELECT channel_id FROM subscriptions WHERE subscriber_id = ?", {subscriber_id})) {
    channels.push_back(row.str("channel_id"));
  }
  std::sort(channels.begin(), channels.end());  // byte order, whatever the database's collation
  return channels;
}

std::vector<std::string> FeedStore::blocked_channels(const std::string& user_id) {
  require_database();
  std::vector<std::string> channels;
  for (auto row : db_.query("SELECT blocked_user_id FROM blocks WHERE user_id = ?", {user_id})) {
    channels.push_back(row.str("blocked_user_id"));
  }
  std::sort(channels.begin(), channels.end());  // byte order, whatever the database's collation
  return channels;
}

// One cheap seek of the (owner_id, created_at, id) index per channel, in one read transaction.
std::vector<std::vector<FeedEntry>> FeedStore::channel_uploads(const std::vector<std::string>& channel_ids, int limit) {
  require_database();
  static const std::string sql = "SELECT v.id AS id, v.created_at AS created_at, v.owner_id AS owner_id, "
                                 "v.is_adult AS is_adult FROM videos v JOIN users u ON u.id = v.owner_id "
                                 "WHERE v.owner_id = ? AND " + listed_condition() +
                                 " ORDER BY v.created_at DESC, v.id DESC LIMIT ?";
  return db_.read([&](db::Connection& c) {
    std::vector<std::vector<FeedEntry>> uploads;
    uploads.reserve(channel_ids.size());
    for (const auto& channel : channel_ids) {
      auto& entries = uploads.emplace_back();
      for (auto row : c.exec(sql, {channel, std::int64_t{limit}})) entries.push_back(listed_entry(row));
    }
    return uploads;
  });
}

std::vector<FeedEntry> FeedStore::newest(int limit) {
  require_database();
  static const std::string sql = "SELECT v.id AS id, v.created_at AS created_at, v.owner_id AS owner_id, "
                                 "v.is_adult AS is_adult FROM videos v JOIN users u ON u.id = v.owner_id WHERE " +
                                 listed_condition() + " ORDER BY v.created_at DESC, v.id DESC LIMIT ?";
  std::vector<FeedEntry> entries;
  for (auto row : db_.query(sql, {std::int64_t{limit}})) entries.push_back(listed_entry(row));
  return entries;
}

std::vector<FeedEntry> FeedStore::trending_order(TrendingPeriod period, std::int64_t generation,
                                                 std::vector<std::pair<std::string, std::int64_t>>& ranks) {
  require_database();
  static const std::string sql =
      "SELECT v.id AS id, v.created_at AS created_at, v.owner_id AS owner_id, v.is_adult AS is_adult, "
      "t.rank AS rank, t.score AS score, CASE WHEN u.id IS NOT NULL AND " + listed_condition() +
      " THEN 1 ELSE 0 END AS listed FROM trending_scores t JOIN videos v ON v.id = t.video_id "
      "LEFT JOIN users u ON u.id = v.owner_id WHERE t.period = ? AND t.generation = ? ORDER BY t.rank";
  std::vector<FeedEntry> entries;
  for (auto row : db_.query(sql, {std::string(period_name(period)), generation})) {
    ranks.emplace_back(row.str("id"), row.i64("rank"));
    if (row.i64("listed") == 0) continue;
    FeedEntry entry = listed_entry(row);
    entry.rank = row.i64("rank");
    entry.score = row.f64("score");
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::vector<FeedEntry> FeedStore::fresh(const FeedViewer& viewer, const std::optional<NewestPosition>& after,
                                        bool without_subscribed, std::optional<std::int64_t> without_trending_generation,
                                        int limit) {
  require_database();
  Query query;
  query.sql = "SELECT v.id AS id, v.created_at AS created_at FROM videos v JOIN users u ON u.id = v.owner_id";
  add_viewer_filters(query, viewer);
  add_newest_after(query, after);
  if (without_subscribed) add_without_subscribed(query, viewer);
  if (without_trending_generation) {
    query.conditions.emplace_back(
        "NOT EXISTS (SELECT 1 FROM trending_scores t WHERE t.period = ? AND t.generation = ? AND t.video_id = v.id)");
    query.params.emplace_back(std::string(period_name(TrendingPeriod::week)));
    query.params.emplace_back(*without_trending_generation);
  }
  query.params.emplace_back(std::int64_t{limit});
  return entries_of(db_, query.text(" ORDER BY v.created_at DESC, v.id DESC LIMIT ?"), query.params);
}

ReelCandidates FeedStore::reel_candidates(std::int64_t generation) {
  require_database();
  ReelCandidates reels;
  for (auto row : db_.query("SELECT r.video_id AS video_id, v.owner_id AS owner_id, r.heat AS heat, "
                            "v.is_adult AS is_adult, v.tags_json AS tags_json FROM reel_scores r "
                            "JOIN videos v ON v.id = r.video_id WHERE r.generation = ? ORDER BY r.rank",
                            {generation})) {
    std::string id = row.str("video_id");
    const std::uint64_t id_hash = fnv1a64(id);
    reels.candidates.push_back({std::move(id), id_hash, row.str("owner_id"), row.f64("heat"), row.boolean("is_adult"),
                                reels.tags.intern_all(tags_from_column(row.str("tags_json")))});
  }
  return reels;
}

std::vector<std::pair<std::string, int>> FeedStore::taste(const std::string& user_id, int watches, int watch_weight,
                                                          int likes, int like_weight) {
  require_database();
  static const std::string sql =
      "SELECT tag, SUM(weight) AS weight FROM ("
      "  SELECT t.tag AS tag, CAST(? AS BIGINT) AS weight FROM (SELECT video_id FROM watch_history WHERE user_id = ?"
      "    ORDER BY last_watched_at DESC, video_id DESC LIMIT ?) h JOIN video_tags t ON t.video_id = h.video_id"
      "  UNION ALL"
      "  SELECT t.tag AS tag, CAST(? AS BIGINT) AS weight FROM (SELECT video_id FROM video_ratings"
      "    WHERE user_id = ? AND rating = 'like' ORDER BY updated_at DESC, video_id DESC LIMIT ?) r"
      "    JOIN video_tags t ON t.video_id = r.video_id"
      ") tags GROUP BY tag";
  std::vector<std::pair<std::string, int>> weights;
  for (auto row : db_.query(sql, {std::int64_t{watch_weight}, user_id, std::int64_t{watches}, std::int64_t{like_weight},
                                  user_id, std::int64_t{likes}})) {
    weights.emplace_back(row.str("tag"), static_cast<int>(std::min<std::int64_t>(row.i64("weight"), kMaxTagWeight)));
  }
  return weights;
}

std::vector<Video> FeedStore::listed(const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  require_database();
  Query query;
  query.sql = std::string("SELECT ") + kVideoColumns + " FROM videos v JOIN users u ON u.id = v.owner_id";
  query.conditions.push_back("v.id IN (" + placeholders(padded_size(ids.size())) + ")");
  add_padded_list(query, ids);
  query.conditions.push_back(listed_condition());
  return videos_of(db_, query.text(""), query.params);
}

std::optional<std::string> FeedStore::owner_of(const std::string& video_id) {
  require_database();
  auto result = db_.query("SELECT owner_id FROM videos WHERE id = ?", {video_id});
  if (result.empty()) return std::nullopt;
  return result.front().str("owner_id");
}

}  // namespace marquee::feeds
