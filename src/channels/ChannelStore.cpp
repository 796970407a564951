#include "channels/ChannelStore.h"

#include <string_view>

#include "core/Text.h"
#include "videos/Video.h"
#include "videos/VideoRow.h"

namespace marquee::channels {
namespace {

constexpr const char* kSelectChannel =
    "SELECT u.id AS id, u.username AS username, u.display_name AS display_name, u.avatar_url AS avatar_url, "
    "u.subscriber_count AS subscriber_count FROM users u";

ChannelSummary channel_from(const db::Row& row) {
  return {row.str("id"), row.str("username"), row.str("display_name"), row.str("avatar_url"),
          row.i64("subscriber_count")};
}

std::optional<ChannelSummary> channel_by_id(db::Connection& c, const std::string& id) {
  auto result = c.exec(std::string(kSelectChannel) + " WHERE u.id = ?", {id});
  if (result.empty()) return std::nullopt;
  return channel_from(result.front());
}

bool both_exist(db::Connection& c, const std::string& user_id, const std::string& channel_id) {
  return c.exec("SELECT COUNT(*) AS n FROM users WHERE id IN (?, ?)", {user_id, channel_id}).front().i64("n") == 2;
}

// One user's subscribe, block and unblock writes, one at a time: subscribing and blocking each
// remove the other's row, which they would not see while the other's transaction is open
// (PostgreSQL's READ COMMITTED; SQLite runs one write transaction at a time anyway), and a
// block found by a conflicting INSERT stays until it is read. Held until the transaction ends.
void serialize_user_writes(db::Database& db, db::Connection& c, const std::string& user_id) {
  if (db.dialect() == db::Dialect::postgres) c.exec("SELECT pg_advisory_xact_lock(7340212, hashtext(?))", {user_id});
}

// Ends a subscription, uncounting it. True when there was one.
bool remove_subscription(db::Connection& c, const std::string& subscriber_id, const std::string& channel_id) {
  auto removed =
      c.exec("DELETE FROM subscriptions WHERE subscriber_id = ? AND channel_id = ?", {subscriber_id, channel_id});
  if (removed.affected_rows() == 0) return false;
  c.exec("UPDATE users SET subscriber_count = subscriber_count - 1 WHERE id = ?", {channel_id});
  return true;
}

// A user's rows of one relation to channels (`subscriptions`, `blocks`), newest first after
// `after`: the channel and when the row was made. Table and column names are constants of
// this file, never input.
template <typename Item>
std::vector<Item> channel_relations(db::Database& db, std::string_view table, std::string_view user_column,
                                    std::string_view channel_column, const std::string& user_id,
                                    const std::optional<ChannelListPosition>& after, int limit) {
  const std::string at = "r.created_at", channel = "r." + std::string(channel_column);
  std::string sql =
      "SELECT u.id AS id, u.username AS username, u.display_name AS display_name, u.avatar_url AS avatar_url, "
      "u.subscriber_count AS subscriber_count, r.created_at AS since FROM " + std::string(table) +
      " r JOIN users u ON u.id = " + channel + " WHERE r." + std::string(user_column) + " = ?";
  std::vector<db::Value> params{user_id};
  if (after) {
    sql += " AND (" + at + " < ? OR (" + at + " = ? AND " + channel + " < ?))";
    params.emplace_back(after->created_at);
    params.emplace_back(after->created_at);
    params.emplace_back(after->channel_id);
  }
  sql += " ORDER BY " + at + " DESC, " + channel + " DESC LIMIT ?";
  params.emplace_back(std::int64_t{limit});
  return db.read([&](db::Connection& c) {
    std::vector<Item> out;
    for (auto row : c.exec(sql, params)) out.push_back({channel_from(row), row.i64("since")});
    return out;
  });
}

}  // namespace

std::optional<ChannelSummary> ChannelStore::find_channel(const std::string& username) {
  auto result = db_.query(std::string(kSelectChannel) + " WHERE u.username_key = ?", {text::lower_ascii(username)});
  if (result.empty()) return std::nullopt;
  return channel_from(result.front());
}

std::optional<Subscribed> ChannelStore::subscribe(const std::string& subscriber_id, const std::string& channel_id,
                                                  Millis now) {
  return db_.write([&](db::Connection& c) -> std::optional<Subscribed> {
    if (!both_exist(c, subscriber_id, channel_id)) return std::nullopt;
    serialize_user_writes(db_, c, subscriber_id);
    c.exec("DELETE FROM blocks WHERE user_id = ? AND blocked_user_id = ?", {subscriber_id, channel_id});
    // Under PostgreSQL's READ COMMITTED a conflicting row may be deleted by a concurrent
    // unsubscribe between the INSERT and the SELECT; then the INSERT is tried again.
    for (;;) {
      auto inserted = c.exec(
          "INSERT INTO subscriptions (subscriber_id, channel_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
          {subscriber_id, channel_id, now});
      if (inserted.affected_rows() == 1) {
        c.exec("UPDATE users SET subscriber_count = subscriber_count + 1 WHERE id = ?", {channel_id});
        auto channel = channel_by_id(c, channel_id);
        if (!channel) return std::nullopt;
        return Subscribed{{*channel, now}, true};
      }
      auto since = c.exec("SELECT created_at FROM subscriptions WHERE subscriber_id = ? AND channel_id = ?",
                          {subscriber_id, channel_id});
      if (!since.empty()) {
        auto channel = channel_by_id(c, channel_id);
        if (!channel) return std::nullopt;
        return Subscribed{{*channel, since.front().i64("created_at")}, false};
      }
    }
  });
}

bool ChannelStore::unsubscribe(const std::string& subscriber_id, const std::string& channel_id) {
  return db_.write([&](db::Connection& c) { return remove_subscription(c, subscriber_id, channel_id); });
}

std::vector<Subscription> ChannelStore::subscriptions(const std::string& subscriber_id,
                                                      const std::optional<ChannelListPosition>& after,
                                                      int limit) {
  return channel_relations<Subscription>(db_, "subscriptions", "subscriber_id", "channel_id", subscriber_id, after,
                                         limit);
}

ChannelStats ChannelStore::stats(const std::string& user_id) {
  const std::string sql = "SELECT COUNT(*) AS n FROM videos v WHERE v.owner_id = ? AND " + videos::listed_condition();
  const std::vector<db::Value> params{user_id};
  return db_.read([&](db::Connection& c) {
    ChannelStats stats;
    auto subscribers = c.exec("SELECT subscriber_count FROM users WHERE id = ?", {user_id});
    if (!subscribers.empty()) stats.subscriber_count = subscribers.front().i64("subscriber_count");
    stats.video_count = c.exec(sql, params).front().i64("n");
    return stats;
  });
}

void ChannelStore::remove_subscriber(const std::string& subscriber_id) {
  db_.write([&](db::Connection& c) {
    auto removed = c.exec("DELETE FROM subscriptions WHERE subscriber_id = ? RETURNING channel_id", {subscriber_id});
    for (auto row : removed) {
      c.exec("UPDATE users SET subscriber_count = subscriber_count - 1 WHERE id = ?", {row.str("channel_id")});
    }
  });
}

std::optional<Blocked> ChannelStore::block(const std::string& user_id, const std::string& channel_id, Millis now) {
  return db_.write([&](db::Connection& c) -> std::optional<Blocked> {
    if (!both_exist(c, user_id, channel_id)) return std::nullopt;
    serialize_user_writes(db_, c, user_id);
    const bool created = c.exec("INSERT INTO blocks (user_id, blocked_user_id, created_at) VALUES (?, ?, ?) "
                                "ON CONFLICT DO NOTHING",
                                {user_id, channel_id, now})
                             .affected_rows() == 1;
    Millis since = now;
    if (!created) {
      since = c.exec("SELECT created_at FROM blocks WHERE user_id = ? AND blocked_user_id = ?", {user_id, channel_id})
                  .front()
                  .i64("created_at");
    }
    remove_subscription(c, user_id, channel_id);
    auto channel = channel_by_id(c, channel_id);  // read after the uncount: the count it shows is exact
    if (!channel) return std::nullopt;
    return Blocked{{*channel, since}, created};
  });
}

bool ChannelStore::unblock(const std::string& user_id, const std::string& channel_id) {
  return db_.write([&](db::Connection& c) {
    serialize_user_writes(db_, c, user_id);
    return c.exec("DELETE FROM blocks WHERE user_id = ? AND blocked_user_id = ?", {user_id, channel_id})
               .affected_rows() == 1;
  });
}

std::vector<Block> ChannelStore::blocks(const std::string& user_id, const std::optional<ChannelListPosition>& after,
                                        int limit) {
  return channel_relations<Block>(db_, "blocks", "user_id", "blocked_user_id", user_id, after, limit);
}

bool ChannelStore::has_blocked(const std::string& user_id, const std::string& channel_id) {
  return !db_.query("SELECT 1 AS one FROM blocks WHERE user_id = ? AND blocked_user_id = ?", {user_id, channel_id})
              .empty();
}

}  // namespace marquee::channels
