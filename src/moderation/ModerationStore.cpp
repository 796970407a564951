#include "moderation/ModerationStore.h"

#include "core/Ids.h"

namespace marquee::moderation {
namespace {

constexpr const char* kCaseColumns =
    "c.id AS id, c.target_type AS target_type, c.target_id AS target_id, c.owner_id AS owner_id, "
    "c.source AS source, c.reason AS reason, c.snapshot_json AS snapshot_json, c.state AS state, "
    "c.outcome AS outcome, c.reports_count AS reports_count, c.appeal_of AS appeal_of, c.created_at AS created_at, "
    "c.updated_at AS updated_at, c.resolved_at AS resolved_at";
constexpr const char* kActionColumns =
    "id, case_id, action, moderator_id, user_id, public_reason, internal_note, until_at, created_at";
constexpr const char* kAppealColumns = "id, action_id, case_id, user_id, text, state, created_at, decided_at";

Case case_from(const db::Row& row) {
  Case c;
  c.id = row.str("id");
  c.target_type = parse_target(row.str("target_type")).value_or(TargetType::video);
  c.target_id = row.str("target_id");
  c.owner_id = row.str("owner_id");
  c.source = parse_source(row.str("source")).value_or(Source::report);
  c.reason = row.str("reason");
  c.snapshot_json = row.str("snapshot_json");
  c.open = row.str("state") == "open";
  c.outcome = row.str("outcome");
  c.reports_count = row.i64("reports_count");
  c.appeal_of = row.str("appeal_of");
  c.created_at = row.i64("created_at");
  c.updated_at = row.i64("updated_at");
  c.resolved_at = row.i64("resolved_at");
  return c;
}

Report report_from(const db::Row& row) {
  Report r;
  r.id = row.str("id");
  r.case_id = row.str("case_id");
  r.reporter_id = row.str("reporter_id");
  r.reason = parse_reason(row.str("reason")).value_or(Reason::other);
  r.text = row.str("text");
  if (!row.is_null("timestamp_ms")) r.timestamp_ms = row.i64("timestamp_ms");
  r.created_at = row.i64("created_at");
  return r;
}

ActionRecord action_from(const db::Row& row) {
  ActionRecord a;
  a.id = row.str("id");
  a.case_id = row.str("case_id");
  a.action = parse_action(row.str("action")).value_or(Action::dismiss);
  a.moderator_id = row.str("moderator_id");
  a.user_id = row.str("user_id");
  a.public_reason = row.str("public_reason");
  a.internal_note = row.str("internal_note");
  a.until_at = row.i64("until_at");
  a.created_at = row.i64("created_at");
  return a;
}

Appeal appeal_from(const db::Row& row) {
  Appeal a;
  a.id = row.str("id");
  a.action_id = row.str("action_id");
  a.case_id = row.str("case_id");
  a.user_id = row.str("user_id");
  a.text = row.str("text");
  a.state = row.str("state");
  a.created_at = row.i64("created_at");
  a.decided_at = row.i64("decided_at");
  return a;
}

std::optional<Case> open_case_in(db::Connection& c, TargetType type, const std::string& target_id, Source source) {
  for (auto row : c.exec(std::string("SELECT ") + kCaseColumns +
                             " FROM moderation_cases c WHERE c.target_type = ? AND c.target_id = ? AND c.source = ? "
                             "AND c.state = 'open'",
                         {std::string(target_name(type)), target_id, std::string(source_name(source))})) {
    return case_from(row);
  }
  return std::nullopt;
}

Case insert_case(db::Connection& c, TargetType type, const std::string& target_id, const std::string& owner_id,
                 Source source, const std::string& reason, const std::string& snapshot_json,
                 const std::string& appeal_of, Millis now) {
  Case kase;
  kase.id = new_public_id();
  kase.target_type = type;
  kase.target_id = target_id;
  kase.owner_id = owner_id;
  kase.source = source;
  kase.reason = reason;
  kase.snapshot_json = snapshot_json;
  kase.appeal_of = appeal_of;
  kase.created_at = kase.updated_at = now;
  c.exec("INSERT INTO moderation_cases (id, target_type, target_id, owner_id, source, reason, snapshot_json, state, "
         "reports_count, appeal_of, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'open', 0, ?, ?, ?)",
         {kase.id, std::string(target_name(type)), target_id, db::null_if_empty(owner_id), std::string(source_name(source)),
          reason, snapshot_json, db::null_if_empty(appeal_of), now, now});
  return kase;
}

}  // namespace

Filed ModerationStore::file_report(const ReportFiling& f) {
  return db_.write([&](db::Connection& c) {
    Filed filed;
    const Millis now = f.report.created_at;
    auto existing = open_case_in(c, f.target_type, f.target_id, Source::report);
    filed.kase = existing ? *existing
                          : insert_case(c, f.target_type, f.target_id, f.owner_id, Source::report,
                                        std::string(reason_name(f.report.reason)), f.snapshot_json, "", now);
    filed.report = f.report;
    filed.report.case_id = filed.kase.id;
    if (!f.report.reporter_id.empty()) {
      auto prior = c.exec("SELECT id, case_id, reporter_id, reason, text, timestamp_ms, created_at FROM reports "
                          "WHERE case_id = ? AND reporter_id = ?",
                          {filed.kase.id, f.report.reporter_id});
      if (!prior.empty()) {
        filed.report = report_from(prior.front());
        filed.duplicate = true;
        return filed;
      }
    }
    c.exec("INSERT INTO reports (id, case_id, reporter_id, reason, text, timestamp_ms, created_at) "
           "VALUES (?, ?, ?, ?, ?, ?, ?)",
           {f.report.id, filed.kase.id, db::null_if_empty(f.report.reporter_id), std::string(reason_name(f.report.reason)),
            f.report.text, f.report.timestamp_ms ? db::Value(*f.report.timestamp_ms) : db::Value(nullptr), now});
    c.exec("UPDATE moderation_cases SET reports_count = reports_count + 1, updated_at = ? WHERE id = ?",
           {now, filed.kase.id});
    filed.kase.reports_count += 1;
    return filed;
  });
}

Case ModerationStore::open_case(TargetType target_type, const std::string& target_id, const std::string& owner_id,
                                Source source, const std::string& reason, const std::string& snapshot_json,
                                const std::string& appeal_of, Millis now) {
  auto open_or_insert = [&] {
    return db_.write([&](db::Connection& c) {
      // An appeal's case is its own (one per appealed action); other sources share the open one.
      if (source != Source::appeal) {
        if (auto existing = open_case_in(c, target_type, target_id, source)) return *existing;
      }
      return insert_case(c, target_type, target_id, owner_id, source, reason, snapshot_json, appeal_of, now);
    });
  };
  try {
    return open_or_insert();
  } catch (const db::UniqueViolation&) {
    return open_or_insert();  // another writer opened it first (PostgreSQL): join it
  }
}

std::optional<Case> ModerationStore::find_case(const std::string& id) {
  for (auto row : db_.query(std::string("SELECT ") + kCaseColumns + " FROM moderation_cases c WHERE c.id = ?", {id})) {
    return case_from(row);
  }
  return std::nullopt;
}

std::vector<Case> ModerationStore::list_cases(const CaseFilter& filter) {
  std::string sql = std::string("SELECT ") + kCaseColumns + " FROM moderation_cases c";
  std::vector<std::string> conditions;
  std::vector<db::Value> params;
  if (filter.open) conditions.emplace_back(*filter.open ? "c.state = 'open'" : "c.state = 'resolved'");
  if (filter.reason) {
    conditions.emplace_back("c.reason = ?");
    params.emplace_back(*filter.reason);
  }
  if (filter.target) {
    conditions.emplace_back("c.target_type = ?");
    params.emplace_back(std::string(target_name(*filter.target)));
  }
  if (filter.source) {
    conditions.emplace_back("c.source = ?");
    params.emplace_back(std::string(source_name(*filter.source)));
  }
  std::string order;
  if (filter.sort == CaseSort::most_reported) {
    if (filter.after) {
      conditions.emplace_back("(c.reports_count < ? OR (c.reports_count = ? AND c.id > ?))");
      params.insert(params.end(), {filter.after->at, filter.after->at, filter.after->id});
    }
    order = " ORDER BY c.reports_count DESC, c.id ASC";
  } else if (filter.sort == CaseSort::newest) {
    if (filter.after) {
      conditions.emplace_back("(c.created_at < ? OR (c.created_at = ? AND c.id < ?))");
      params.insert(params.end(), {filter.after->at, filter.after->at, filter.after->id});
    }
    order = " ORDER BY c.created_at DESC, c.id DESC";
  } else {
    if (filter.after) {
      conditions.emplace_back("(c.created_at > ? OR (c.created_at = ? AND c.id > ?))");
      params.insert(params.end(), {filter.after->at, filter.after->at, filter.after->id});
    }
    order = " ORDER BY c.created_at ASC, c.id ASC";
  }
  for (std::size_t i = 0; i < conditions.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + conditions[i];
  sql += order + " LIMIT ?";
  params.emplace_back(filter.limit + 1);
  std::vector<Case> out;
  for (auto row : db_.query(sql, params)) out.push_back(case_from(row));
  return out;
}

std::vector<Report> ModerationStore::reports_of(const std::string& case_id, int limit) {
  std::vector<Report> out;
  for (auto row : db_.query("SELECT id, case_id, reporter_id, reason, text, timestamp_ms, created_at FROM reports "
                            "WHERE case_id = ? ORDER BY created_at, id LIMIT ?",
                            {case_id, std::int64_t{limit}})) {
    out.push_back(report_from(row));
  }
  return out;
}

std::vector<ActionRecord> ModerationStore::actions_of(const std::string& case_id) {
  std::vector<ActionRecord> out;
  for (auto row : db_.query(std::string("SELECT ") + kActionColumns +
                                " FROM moderation_actions WHERE case_id = ? ORDER BY created_at, id",
                            {case_id})) {
    out.push_back(action_from(row));
  }
  return out;
}

std::vector<Case> ModerationStore::prior_cases(const std::string& owner_id, const std::string& except_case_id,
                                               int limit) {
  std::vector<Case> out;
  if (owner_id.empty()) return out;
  for (auto row : db_.query(std::string("SELECT ") + kCaseColumns +
                                " FROM moderation_cases c WHERE c.owner_id = ? AND c.id <> ? "
                                "ORDER BY c.created_at DESC, c.id DESC LIMIT ?",
                            {owner_id, except_case_id, std::int64_t{limit}})) {
    out.push_back(case_from(row));
  }
  return out;
}

void ModerationStore::record_action(const ActionRecord& a, bool resolve) {
  db_.write([&](db::Connection& c) {
    c.exec("INSERT INTO moderation_actions (id, case_id, action, moderator_id, user_id, public_reason, internal_note, "
           "until_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
           {a.id, a.case_id, std::string(action_name(a.action)), db::null_if_empty(a.moderator_id), db::null_if_empty(a.user_id),
            a.public_reason, a.internal_note, db::null_if_zero(a.until_at), a.created_at});
    if (resolve) {
      // A case opened again for the same target meanwhile keeps the unique open slot.
      c.exec("UPDATE moderation_cases SET state = 'resolved', outcome = ?, updated_at = ?, resolved_at = ? "
             "WHERE id = ?",
             {std::string(action_name(a.action)), a.created_at, a.created_at, a.case_id});
    } else {
      c.exec("UPDATE moderation_cases SET outcome = ?, updated_at = ? WHERE id = ?",
             {std::string(action_name(a.action)), a.created_at, a.case_id});
    }
  });
}

std::optional<ActionRecord> ModerationStore::find_action(const std::string& id) {
  for (auto row : db_.query(std::string("SELECT ") + kActionColumns + " FROM moderation_actions WHERE id = ?", {id})) {
    return action_from(row);
  }
  return std::nullopt;
}

std::vector<ActionRecord> ModerationStore::actions_affecting(const std::string& user_id, Action action) {
  std::vector<ActionRecord> out;
  for (auto row : db_.query(std::string("SELECT ") + kActionColumns +
                                " FROM moderation_actions WHERE user_id = ? AND action = ? "
                                "ORDER BY created_at DESC, id DESC",
                            {user_id, std::string(action_name(action))})) {
    out.push_back(action_from(row));
  }
  return out;
}

bool ModerationStore::file_appeal(const Case& original, Appeal& a) {
  try {
    return db_.write([&](db::Connection& c) {
      if (!c.exec("SELECT 1 AS x FROM moderation_appeals WHERE action_id = ?", {a.action_id}).empty()) return false;
      Case kase = insert_case(c, original.target_type, original.target_id, original.owner_id, Source::appeal, "appeal",
                              original.snapshot_json, a.action_id, a.created_at);
      a.case_id = kase.id;
      c.exec("INSERT INTO moderation_appeals (id, action_id, case_id, user_id, text, state, created_at) "
             "VALUES (?, ?, ?, ?, ?, 'open', ?)",
             {a.id, a.action_id, a.case_id, a.user_id, a.text, a.created_at});
      return true;
    });
  } catch (const db::UniqueViolation&) {
    return false;  // a concurrent appeal of the same action won
  }
}

std::optional<Appeal> ModerationStore::appeal_of_case(const std::string& case_id) {
  for (auto row : db_.query(std::string("SELECT ") + kAppealColumns + " FROM moderation_appeals WHERE case_id = ?",
                            {case_id})) {
    return appeal_from(row);
  }
  return std::nullopt;
}

void ModerationStore::decide_appeal(const std::string& id, const std::string& state, Millis now) {
  db_.execute("UPDATE moderation_appeals SET state = ?, decided_at = ? WHERE id = ? AND state = 'open'",
              {state, now, id});
}

std::vector<ReportWithCase> ModerationStore::reports_by(const std::string& reporter_id,
                                                        const std::optional<TimeCursor>& after, std::int64_t limit) {
  std::string sql = std::string("SELECT ") + kCaseColumns +
                    ", r.id AS r_id, r.reason AS r_reason, r.text AS r_text, r.timestamp_ms AS r_timestamp_ms, "
                    "r.created_at AS r_created_at FROM reports r JOIN moderation_cases c ON c.id = r.case_id "
                    "WHERE r.reporter_id = ?";
  std::vector<db::Value> params{reporter_id};
  if (after) {
    sql += " AND (r.created_at < ? OR (r.created_at = ? AND r.id < ?))";
    params.insert(params.end(), {after->at, after->at, after->id});
  }
  sql += " ORDER BY r.created_at DESC, r.id DESC LIMIT ?";
  params.emplace_back(limit + 1);
  std::vector<ReportWithCase> out;
  for (auto row : db_.query(sql, params)) {
    ReportWithCase item;
    item.kase = case_from(row);
    item.report.id = row.str("r_id");
    item.report.case_id = item.kase.id;
    item.report.reporter_id = reporter_id;
    item.report.reason = parse_reason(row.str("r_reason")).value_or(Reason::other);
    item.report.text = row.str("r_text");
    if (!row.is_null("r_timestamp_ms")) item.report.timestamp_ms = row.i64("r_timestamp_ms");
    item.report.created_at = row.i64("r_created_at");
    out.push_back(std::move(item));
  }
  return out;
}

std::vector<std::string> ModerationStore::purgeable_removals(Millis cutoff, int limit) {
  std::vector<std::string> ids;
  for (auto row : db_.query(
           "SELECT v.id AS id FROM videos v WHERE v.moderation = 'removed' AND v.moderated_at < ? "
           "AND NOT EXISTS (SELECT 1 FROM moderation_cases c WHERE c.state = 'open' AND c.source = 'appeal' "
           "AND c.owner_id = v.owner_id) "
           "AND NOT EXISTS (SELECT 1 FROM dmca_notice_videos d WHERE d.video_id = v.id "
           "AND d.state IN ('countered', 'restoring')) "
           "ORDER BY v.moderated_at LIMIT ?",
           {cutoff, std::int64_t{limit}})) {
    ids.push_back(row.str("id"));
  }
  return ids;
}

}  // namespace marquee::moderation
