#pragma once
// The SQL of notifications and their settings. Knows tables, not rules.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/Database.h"
#include "notifications/Notification.h"

namespace marquee::notifications {

struct NotificationListPosition {
  Millis created_at = 0;
  std::string id;
};

class NotificationStore {
 public:
  explicit NotificationStore(db::Database& db) : db_(db) {}

  // Inserts the rows for users who have not turned the kind off, skipping those already
  // notified of the same dedupe_key. Returns how many were new.
  std::size_t insert(const std::vector<Notification>& rows);
  // Subscribers of `channel_id` with ids after `after`, in id order, at most `limit`.
  std::vector<std::string> subscriber_ids(const std::string& channel_id, const std::string& after, int limit);
  // Newest first.
  std::vector<Notification> list(const std::string& user_id, bool unread_only,
                                 const std::optional<NotificationListPosition>& after, int limit);
  std::int64_t unread_count(const std::string& user_id);
  std::optional<Notification> find(const std::string& user_id, const std::string& id);
  // Returns how many turned read.
  std::int64_t mark_read(const std::string& user_id, const std::vector<std::string>& ids, Millis now);
  std::int64_t mark_all_read(const std::string& user_id, Millis now);
  // Kinds the user turned off.
  std::vector<std::string> disabled_kinds(const std::string& user_id);
  // Deletes every notification about `subject_id` (a deleted video or comment).
  void remove_about(const std::string& subject_id);
  void set_enabled(const std::string& user_id, const std::map<std::string, bool>& kinds);

 private:
  db::Database& db_;
};

}  // namespace marquee::notifications
