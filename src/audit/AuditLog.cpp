#include "audit/AuditLog.h"

#include "core/Error.h"
#include "core/Ids.h"
#include "core/TimeCursor.h"

namespace marquee::audit {

void AuditLog::record(const Actor& actor, std::string action, std::string target_type, std::string target_id,
                      std::string before_json, std::string after_json) {
  db_.execute(
      "INSERT INTO audit_log (id, at, seq, actor_id, action, target_type, target_id, before_json, after_json, "
      "request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {new_public_id(), clock_.now_ms(), next_seq_++, db::null_if_empty(actor.user_id.value_or("")),
       std::move(action), std::move(target_type), std::move(target_id), std::move(before_json),
       std::move(after_json), actor.request_id});
}

AuditPage AuditLog::list(const AuditQuery& query) {
  if (query.limit < 1 || query.limit > kMaxAuditPage) {
    throw_validation("limit", "limit must be between 1 and " + std::to_string(kMaxAuditPage));
  }
  std::string sql =
      "SELECT id, at, actor_id, action, target_type, target_id, before_json, after_json, request_id FROM audit_log";
  std::vector<std::string> conditions;
  std::vector<db::Value> params;
  if (query.actor_id) {
    conditions.emplace_back("actor_id = ?");
    params.emplace_back(*query.actor_id);
  }
  if (query.target_id) {
    conditions.emplace_back("target_id = ?");
    params.emplace_back(*query.target_id);
  }
  if (query.cursor) {
    const TimeCursor after = decode_time_cursor(*query.cursor);
    // The entry the cursor names orders the rest of its moment.
    conditions.emplace_back("(at < ? OR (at = ? AND seq < (SELECT seq FROM audit_log WHERE id = ?)))");
    params.emplace_back(after.at);
    params.emplace_back(after.at);
    params.emplace_back(after.id);
  }
  for (std::size_t i = 0; i < conditions.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + conditions[i];
  sql += " ORDER BY at DESC, seq DESC LIMIT ?";
  params.emplace_back(query.limit + 1);
  AuditPage page;
  for (auto row : db_.query(sql, params)) {
    AuditEntry e;
    e.id = row.str("id");
    e.at = row.i64("at");
    if (!row.is_null("actor_id")) e.actor_id = row.str("actor_id");
    e.action = row.str("action");
    e.target_type = row.str("target_type");
    e.target_id = row.str("target_id");
    e.before_json = row.str("before_json");
    e.after_json = row.str("after_json");
    e.request_id = row.str("request_id");
    page.items.push_back(std::move(e));
  }
  if (static_cast<std::int64_t>(page.items.size()) > query.limit) {
    page.items.pop_back();
    page.next_cursor = encode_time_cursor(page.items.back().at, page.items.back().id);
  }
  return page;
}

}  // namespace marquee::audit
