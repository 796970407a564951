#include "recs/RecsStore.h"

#include "videos/Video.h"
#include "videos/VideoRow.h"
#include "views/ViewRules.h"

namespace marquee::recs {
namespace {

using videos::listed_condition;

const std::string& catalogue_select() {
  static const std::string select =
      "SELECT v.id AS id, v.owner_id AS owner_id, u.username AS owner_username, v.title AS title, "
      "v.description AS description, v.tags_json AS tags_json, v.category AS category, v.is_adult AS is_adult, "
      "v.created_at AS created_at FROM videos v JOIN users u ON u.id = v.owner_id WHERE " +
      listed_condition();
  return select;
}

CatalogueEntry entry_from(const db::Row& row) {
  CatalogueEntry entry;
  entry.video.video_id = row.str("id");
  entry.video.owner_id = row.str("owner_id");
  entry.video.is_adult = row.boolean("is_adult");
  entry.video.created_at = row.i64("created_at");
  entry.text.title = row.str("title");
  entry.text.tags = videos::tags_from_column(row.str("tags_json"));
  entry.text.description = row.str("description");
  entry.text.category = row.str("category");
  entry.text.channel = row.str("owner_username");
  return entry;
}

}  // namespace

void RecsStore::each_listed(const std::function<void(const CatalogueEntry&)>& visit, int page_size) {
  const std::string first = catalogue_select() + " ORDER BY v.id LIMIT ?";
  const std::string next = catalogue_select() + " AND v.id > ? ORDER BY v.id LIMIT ?";
  std::string after;
  for (;;) {
    auto rows = after.empty() ? db_.query(first, {std::int64_t{page_size}})
                              : db_.query(next, {after, std::int64_t{page_size}});
    for (auto row : rows) visit(entry_from(row));
    if (rows.size() < static_cast<std::size_t>(page_size)) return;
    after = rows.row(rows.size() - 1).str("id");
  }
}

std::optional<CatalogueEntry> RecsStore::listed(const std::string& video_id) {
  auto rows = db_.query(catalogue_select() + " AND v.id = ?", {video_id});
  if (rows.empty()) return std::nullopt;
  return entry_from(rows.front());
}

std::vector<WatchRecord> RecsStore::recent_watches(std::size_t per_viewer, Millis since) {
  const std::string sql =
      "SELECT user_id, video_id, max_position_ms, duration_ms, last_watched_at FROM ("
      "  SELECT h.user_id AS user_id, h.video_id AS video_id, h.max_position_ms AS max_position_ms, "
      "    v.duration_ms AS duration_ms, h.last_watched_at AS last_watched_at, "
      "    ROW_NUMBER() OVER (PARTITION BY h.user_id ORDER BY h.last_watched_at DESC, h.video_id DESC) AS n "
      "  FROM watch_history h JOIN videos v ON v.id = h.video_id JOIN users u ON u.id = v.owner_id "
      "  WHERE h.last_watched_at >= ? AND " + listed_condition() +
      ") recent WHERE n <= ?";
  std::vector<WatchRecord> records;
  for (auto row : db_.query(sql, {since, static_cast<std::int64_t>(per_viewer)})) {
    records.push_back({row.str("user_id"), row.str("video_id"),
                       views::completion_ratio(row.i64("max_position_ms"), row.i64("duration_ms")),
                       row.i64("last_watched_at")});
  }
  return records;
}

std::vector<ViewerWatch> RecsStore::history(const std::string& user_id, Millis as_of, std::size_t limit) {
  const std::string sql =
      "SELECT h.video_id AS video_id, h.max_position_ms AS max_position_ms, v.duration_ms AS duration_ms, "
      "h.last_watched_at AS last_watched_at FROM watch_history h JOIN videos v ON v.id = h.video_id "
      "WHERE h.user_id = ? AND h.first_watched_at <= ? ORDER BY h.last_watched_at DESC, h.video_id DESC LIMIT ?";
  std::vector<ViewerWatch> watches;
  for (auto row : db_.query(sql, {user_id, as_of, static_cast<std::int64_t>(limit)})) {
    const auto position = row.i64("max_position_ms");
    const auto duration = row.i64("duration_ms");
    watches.push_back({row.str("video_id"), views::completion_ratio(position, duration), row.i64("last_watched_at"),
                       views::reaches_end(position, duration)});
  }
  return watches;
}

std::vector<std::string> RecsStore::uploads_between(Millis since, Millis until, int limit) {
  const std::string sql = "SELECT v.id AS id FROM videos v JOIN users u ON u.id = v.owner_id WHERE " +
                          listed_condition() +
                          " AND v.created_at > ? AND v.created_at <= ? ORDER BY v.created_at DESC, v.id DESC LIMIT ?";
  std::vector<std::string> ids;
  for (auto row : db_.query(sql, {since, until, std::int64_t{limit}})) ids.push_back(row.str("id"));
  return ids;
}

}  // namespace marquee::recs
