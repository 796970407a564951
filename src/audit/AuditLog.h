#pragma once
// The audit log: every moderation action, admin change and role change, appended and never
// changed (the database refuses UPDATE and DELETE on its table: migration 0016). Who did what
// to which target, the target before and after, when, and the request that did it.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"

namespace marquee::audit {

inline constexpr std::int64_t kDefaultAuditPage = 50;
inline constexpr std::int64_t kMaxAuditPage = 200;

// Who acted, and through which request ("" outside a request: a scheduled job).
struct Actor {
  std::optional<std::string> user_id;  // nullopt: the system
  std::string request_id;
};

struct AuditEntry {
  std::string id;
  Millis at = 0;
  std::optional<std::string> actor_id;
  std::string action;       // "moderation.remove", "account.role", "settings.update" …
  std::string target_type;  // "video", "comment", "user", "case", "settings", "dmca_notice" …
  std::string target_id;
  std::string before_json = "{}";
  std::string after_json = "{}";
  std::string request_id;
};

struct AuditQuery {
  std::optional<std::string> actor_id;
  std::optional<std::string> target_id;
  std::optional<std::string> cursor;
  std::int64_t limit = kDefaultAuditPage;
};

struct AuditPage {
  std::vector<AuditEntry> items;
  std::optional<std::string> next_cursor;
};

class AuditLog {
 public:
  AuditLog(db::Database& db, const Clock& clock) : db_(db), clock_(clock), next_seq_(wall_clock_ms() * 1'000) {}

  // Appends one entry (its id and time are set here).
  void record(const Actor& actor, std::string action, std::string target_type, std::string target_id,
              std::string before_json = "{}", std::string after_json = "{}");
  // Newest first.
  AuditPage list(const AuditQuery& query);

 private:
  db::Database& db_;
  const Clock& clock_;
  // Orders the entries this node writes within one millisecond (a ban's many removals); it
  // starts from the wall clock in microseconds, so a restarted node continues above it.
  std::atomic<std::int64_t> next_seq_;
};

}  // namespace marquee::audit
