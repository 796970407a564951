#include "notifications/NotificationStore.h"

#include <algorithm>

namespace marquee::notifications {
namespace {

constexpr std::size_t kRowsPerStatement = 200;

constexpr const char* kColumns =
    "id, user_id, kind, subject_id, actor_id, data_json, dedupe_key, created_at, read_at";

Notification notification_from(const db::Row& row) {
  Notification n;
  n.id = row.str("id");
  n.user_id = row.str("user_id");
  n.kind = parse_kind(row.str("kind")).value_or(Kind::new_video);
  n.subject_id = row.str("subject_id");
  if (!row.is_null("actor_id")) n.actor_id = row.str("actor_id");
  n.data_json = row.str("data_json");
  n.dedupe_key = row.str("dedupe_key");
  n.created_at = row.i64("created_at");
  if (!row.is_null("read_at")) n.read_at = row.i64("read_at");
  return n;
}


}  // namespace

std::size_t NotificationStore::insert(const std::vector<Notification>& rows) {
  std::size_t inserted = 0;
  for (std::size_t start = 0; start < rows.size();) {
    // Chunks of a few fixed sizes only: each distinct statement text is prepared and kept per
    // connection, so arbitrary sizes would fill the statement caches.
    const std::size_t left = rows.size() - start;
    const std::size_t size = left >= kRowsPerStatement ? kRowsPerStatement : left >= 50 ? 50 : left >= 10 ? 10 : 1;
    const std::size_t end = start + size;
    // One statement per chunk; the opted-out are filtered in SQL, repeats by the unique index.
    std::string sql = "INSERT INTO notifications (" + std::string(kColumns) + ") SELECT v.* FROM (";
    std::vector<db::Value> params;
    for (std::size_t i = start; i < end; ++i) {
      const Notification& n = rows[i];
      // Typed, so PostgreSQL knows what the parameters of a derived table are.
      sql += i == start ? "SELECT CAST(? AS TEXT) AS id, CAST(? AS TEXT) AS user_id, CAST(? AS TEXT) AS kind, "
                          "CAST(? AS TEXT) AS subject_id, CAST(? AS TEXT) AS actor_id, CAST(? AS TEXT) AS data_json, "
                          "CAST(? AS TEXT) AS dedupe_key, CAST(? AS BIGINT) AS created_at, "
                          "CAST(NULL AS BIGINT) AS read_at"
                        : " UNION ALL SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), "
                          "CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(NULL AS BIGINT)";
      params.insert(params.end(), {n.id, n.user_id, std::string(kind_name(n.kind)), n.subject_id,
                                   n.actor_id ? db::Value(*n.actor_id) : db::Value(nullptr), n.data_json,
                                   n.dedupe_key, n.created_at});
    }
    sql +=
        ") v WHERE NOT EXISTS (SELECT 1 FROM notification_settings s WHERE s.user_id = v.user_id AND s.kind = v.kind "
        "AND s.enabled = 0) AND EXISTS (SELECT 1 FROM users u WHERE u.id = v.user_id) "
        "ON CONFLICT (user_id, dedupe_key) DO NOTHING";
    inserted += static_cast<std::size_t>(db_.execute(sql, params).affected_rows());
    start = end;
  }
  return inserted;
}

std::optional<Notification> NotificationStore::find(const std::string& user_id, const std::string& id) {
  for (auto row : db_.query(std::string("SELECT ") + kColumns + " FROM notifications WHERE id = ? AND user_id = ?",
                            {id, user_id})) {
    return notification_from(row);
  }
  return std::nullopt;
}

std::vector<std::string> NotificationStore::subscriber_ids(const std::string& channel_id, const std::string& after,
                                                           int limit) {
  std::vector<std::string> ids;
  for (auto row : db_.query("SELECT subscriber_id FROM subscriptions WHERE channel_id = ? AND subscriber_id > ? "
                            "ORDER BY subscriber_id LIMIT ?",
                            {channel_id, after, std::int64_t{limit}})) {
    ids.push_back(row.str("subscriber_id"));
  }
  return ids;
}

std::vector<Notification> NotificationStore::list(const std::string& user_id, bool unread_only,
                                                  const std::optional<NotificationListPosition>& after, int limit) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM notifications WHERE user_id = ?";
  std::vector<db::Value> params{user_id};
  if (unread_only) sql += " AND read_at IS NULL";
  if (after) {
    sql += " AND (created_at < ? OR (created_at = ? AND id < ?))";
    params.insert(params.end(), {after->created_at, after->created_at, after->id});
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  params.emplace_back(std::int64_t{limit});
  std::vector<Notification> out;
  for (auto row : db_.query(sql, params)) out.push_back(notification_from(row));
  return out;
}

std::int64_t NotificationStore::unread_count(const std::string& user_id) {
  return db_.query("SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL", {user_id})
      .front()
      .i64("n");
}

std::int64_t NotificationStore::mark_read(const std::string& user_id, const std::vector<std::string>& ids, Millis now) {
  if (ids.empty()) return 0;
  // Padded with the last id again to a power-of-two length: few statement shapes.
  std::vector<db::Value> params{now, user_id};
  for (std::size_t i = 0; i < db::padded_size(ids.size()); ++i) params.emplace_back(ids[std::min(i, ids.size() - 1)]);
  return db_
      .execute("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL AND id IN (" +
                   db::placeholders(params.size() - 2) + ")",
               params)
      .affected_rows();
}

std::int64_t NotificationStore::mark_all_read(const std::string& user_id, Millis now) {
  return db_.execute("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL", {now, user_id})
      .affected_rows();
}

std::vector<std::string> NotificationStore::disabled_kinds(const std::string& user_id) {
  std::vector<std::string> kinds;
  for (auto row : db_.query("SELECT kind FROM notification_settings WHERE user_id = ? AND enabled = 0", {user_id})) {
    kinds.push_back(row.str("kind"));
  }
  return kinds;
}

void NotificationStore::remove_about(const std::string& subject_id) {
  db_.execute("DELETE FROM notifications WHERE subject_id = ?", {subject_id});
}

void NotificationStore::set_enabled(const std::string& user_id, const std::map<std::string, bool>& kinds) {
  db_.write([&](db::Connection& c) {
    for (const auto& [kind, enabled] : kinds) {
      c.exec(
          "INSERT INTO notification_settings (user_id, kind, enabled) VALUES (?, ?, ?) "
          "ON CONFLICT (user_id, kind) DO UPDATE SET enabled = excluded.enabled",
          {user_id, kind, std::int64_t{enabled}});
    }
  });
}

}  // namespace marquee::notifications
