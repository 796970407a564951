#pragma once
// Chat messages in the database.
#include <optional>
#include <string>
#include <vector>

#include "chat/ChatMessage.h"
#include "db/Database.h"

namespace marquee::chat {

class ChatStore {
 public:
  explicit ChatStore(db::Database& db) : db_(db) {}

  // Inserts the message and deletes the video's messages beyond the newest `keep`; returns it
  // with its author's names.
  ChatMessage insert(ChatMessage message, int keep);
  std::optional<ChatMessage> find(const std::string& id);
  // The newest `limit`, returned oldest first.
  std::vector<ChatMessage> latest(const std::string& video_id, int limit);
  bool remove(const std::string& id);

 private:
  db::Database& db_;
};

}  // namespace marquee::chat
