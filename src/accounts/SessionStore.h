#pragma once
// The SQL of the sessions a user sees (GET /api/me/sessions): one row per refresh-token
// family with the device and address that opened it and when it was last used. Whether a
// session is still open is the refresh tokens' say (AccountStore.h).
#include <string>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"

namespace marquee::accounts {

// Where a sign-in or refresh came from, as the request says.
struct Device {
  std::string user_agent;  // as sent, cut to 256 bytes
  std::string ip_address;
};

struct SessionInfo {
  std::string id;  // the refresh-token family
  Millis created_at = 0;
  Millis last_used_at = 0;
  std::string user_agent;
  std::string ip_address;
};

class SessionStore {
 public:
  explicit SessionStore(db::Database& db) : db_(db) {}

  // Also forgets the account's sessions that have ended.
  void record(const std::string& user_id, const SessionInfo& session);
  // The session was refreshed now, from `ip_address`.
  void touch(const std::string& session_id, Millis now, const std::string& ip_address);
  // The account's open sessions (an unrevoked, unused refresh token that has not expired),
  // most recently used first.
  std::vector<SessionInfo> open_sessions(const std::string& user_id, Millis now);

 private:
  db::Database& db_;
};

}  // namespace marquee::accounts
