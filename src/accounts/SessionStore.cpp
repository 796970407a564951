#include "accounts/SessionStore.h"

namespace marquee::accounts {

void SessionStore::record(const std::string& user_id, const SessionInfo& s) {
  db_.write([&](db::Connection& c) {
    // The account's ended sessions go as a new one opens: the table holds what a user can see.
    c.exec("DELETE FROM sessions WHERE user_id = ? AND NOT EXISTS (SELECT 1 FROM refresh_tokens t WHERE "
           "t.family_id = sessions.id AND t.revoked_at IS NULL AND t.expires_at > ?)",
           {user_id, s.created_at});
    c.exec("INSERT INTO sessions (id, user_id, created_at, last_used_at, user_agent, ip_address) VALUES (?, ?, ?, ?, ?, ?)",
           {s.id, user_id, s.created_at, s.last_used_at, s.user_agent, s.ip_address});
  });
}

void SessionStore::touch(const std::string& session_id, Millis now, const std::string& ip_address) {
  db_.execute("UPDATE sessions SET last_used_at = ?, ip_address = ? WHERE id = ?", {now, ip_address, session_id});
}

std::vector<SessionInfo> SessionStore::open_sessions(const std::string& user_id, Millis now) {
  std::vector<SessionInfo> out;
  for (const auto& row : db_.query(
           "SELECT s.id AS id, s.created_at AS created_at, s.last_used_at AS last_used_at, s.user_agent AS user_agent, "
           "s.ip_address AS ip_address FROM sessions s WHERE s.user_id = ? AND EXISTS (SELECT 1 FROM refresh_tokens t "
           "WHERE t.family_id = s.id AND t.user_id = s.user_id AND t.revoked_at IS NULL AND t.used_at IS NULL AND "
           "t.expires_at > ?) ORDER BY s.last_used_at DESC, s.id LIMIT 200",
           {user_id, now})) {
    out.push_back({row.str("id"), row.i64("created_at"), row.i64("last_used_at"), row.str("user_agent"),
                   row.str("ip_address")});
  }
  return out;
}

}  // namespace marquee::accounts
