#include "chat/ChatStore.h"

#include <algorithm>

namespace marquee::chat {
namespace {

constexpr const char* kSelect =
    "SELECT m.id, m.video_id, m.user_id, u.username, u.display_name, m.text, m.created_at "
    "FROM chat_messages m JOIN users u ON u.id = m.user_id ";

ChatMessage message_from(const db::Row& row) {
  ChatMessage m;
  m.id = row.str("id");
  m.video_id = row.str("video_id");
  m.user_id = row.str("user_id");
  m.username = row.str("username");
  m.display_name = row.str("display_name");
  m.text = row.str("text");
  m.created_at = row.i64("created_at");
  return m;
}

}  // namespace

ChatMessage ChatStore::insert(ChatMessage message, int keep) {
  db_.write([&](db::Connection& tx) {
    tx.exec("INSERT INTO chat_messages (id, video_id, user_id, text, created_at) VALUES (?, ?, ?, ?, ?)",
            {message.id, message.video_id, message.user_id, message.text, message.created_at});
    // LIMIT with OFFSET, which both databases take: everything past the newest `keep`.
    tx.exec("DELETE FROM chat_messages WHERE id IN (SELECT id FROM chat_messages WHERE video_id = ? "
            "ORDER BY created_at DESC, id DESC LIMIT 1000000000 OFFSET ?)",
            {message.video_id, std::int64_t{keep}});
    // The author's names as stored now (a token's username may be older than a rename).
    for (auto row : tx.exec("SELECT username, display_name FROM users WHERE id = ?", {message.user_id})) {
      message.username = row.str("username");
      message.display_name = row.str("display_name");
    }
  });
  return message;
}

std::optional<ChatMessage> ChatStore::find(const std::string& id) {
  for (auto row : db_.query(std::string(kSelect) + "WHERE m.id = ?", {id})) return message_from(row);
  return std::nullopt;
}

std::vector<ChatMessage> ChatStore::latest(const std::string& video_id, int limit) {
  std::vector<ChatMessage> out;
  for (auto row : db_.query(std::string(kSelect) + "WHERE m.video_id = ? ORDER BY m.created_at DESC, m.id DESC LIMIT ?",
                            {video_id, std::int64_t{limit}})) {
    out.push_back(message_from(row));
  }
  std::reverse(out.begin(), out.end());
  return out;
}

bool ChatStore::remove(const std::string& id) {
  return db_.execute("DELETE FROM chat_messages WHERE id = ?", {id}).affected_rows() > 0;
}

}  // namespace marquee::chat
