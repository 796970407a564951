#include "views/RetentionStore.h"

namespace marquee::views {

std::optional<StoredRetention> RetentionStore::find(const std::string& video_id) {
  auto result = db_.query("SELECT retention_days, created_at FROM videos WHERE id = ?", {video_id});
  if (result.empty()) return std::nullopt;
  auto row = result.front();
  StoredRetention stored;
  if (!row.is_null("retention_days")) stored.days = row.i64("retention_days");
  stored.created_at = row.i64("created_at");
  return stored;
}

bool RetentionStore::set(const std::string& video_id, std::optional<std::int64_t> days,
                         std::optional<Millis> expires_at) {
  db::Value days_value = days ? db::Value(*days) : db::Value(nullptr);
  db::Value expiry_value = expires_at ? db::Value(*expires_at) : db::Value(nullptr);
  return db_.execute("UPDATE videos SET retention_days = ?, expires_at = ? WHERE id = ?",
                     {days_value, expiry_value, video_id})
             .affected_rows() == 1;
}

std::vector<std::string> RetentionStore::expired(Millis now, std::optional<Millis> default_cutoff, int limit) {
  return db_.read([&](db::Connection& c) {
    std::vector<std::string> ids;
    for (auto row : c.exec("SELECT id FROM videos WHERE expires_at <= ? ORDER BY expires_at, id LIMIT ?",
                           {now, std::int64_t{limit}})) {
      ids.push_back(row.str("id"));
    }
    if (default_cutoff && ids.size() < static_cast<std::size_t>(limit)) {
      for (auto row : c.exec("SELECT id FROM videos WHERE retention_days IS NULL AND created_at <= ? "
                             "ORDER BY created_at, id LIMIT ?",
                             {*default_cutoff, std::int64_t{limit - static_cast<int>(ids.size())}})) {
        ids.push_back(row.str("id"));
      }
    }
    return ids;
  });
}

}  // namespace marquee::views
