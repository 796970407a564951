#pragma once
// Reports, cases, actions and appeals in the database.
#include <optional>
#include <string>
#include <vector>

#include "core/TimeCursor.h"
#include "db/Database.h"
#include "moderation/Moderation.h"

namespace marquee::moderation {

// What a new report is about, with what the case keeps of its target.
struct ReportFiling {
  TargetType target_type = TargetType::video;
  std::string target_id;
  std::string owner_id;
  std::string snapshot_json;
  Report report;  // its id, reporter, reason, text, timestamp and time
};

struct Filed {
  Case kase;
  Report report;
  bool duplicate = false;  // this reporter had reported this target's open case already
};

enum class CaseSort { oldest, newest, most_reported };

struct CaseFilter {
  std::optional<bool> open;
  std::optional<std::string> reason;
  std::optional<TargetType> target;
  std::optional<Source> source;
  CaseSort sort = CaseSort::oldest;
  std::optional<TimeCursor> after;  // at: created_at, or reports_count for most_reported
  std::int64_t limit = 20;
};

// A reporter's report with the case it joined (its state and outcome).
struct ReportWithCase {
  Report report;
  Case kase;
};

class ModerationStore {
 public:
  explicit ModerationStore(db::Database& db) : db_(db) {}

  // Adds the report to the target's open report case, opening one (with the snapshot) when
  // there is none. A second report of one reporter on one open case adds nothing.
  Filed file_report(const ReportFiling& filing);
  // The target's open case of `source`, opened now when there is none.
  Case open_case(TargetType target_type, const std::string& target_id, const std::string& owner_id, Source source,
                 const std::string& reason, const std::string& snapshot_json, const std::string& appeal_of, Millis now);
  std::optional<Case> find_case(const std::string& id);
  // One more than filter.limit when there are more.
  std::vector<Case> list_cases(const CaseFilter& filter);
  std::vector<Report> reports_of(const std::string& case_id, int limit);
  std::vector<ActionRecord> actions_of(const std::string& case_id);
  // Other cases about the same owner, newest first.
  std::vector<Case> prior_cases(const std::string& owner_id, const std::string& except_case_id, int limit);
  // Stores the action and, when `resolve`, closes its case with the action as outcome.
  void record_action(const ActionRecord& action, bool resolve);
  std::optional<ActionRecord> find_action(const std::string& id);
  // The actions of one kind that affected a user, newest first.
  std::vector<ActionRecord> actions_affecting(const std::string& user_id, Action action);
  // Opens the appeal's own case (on `original`'s target, with its snapshot) and stores the
  // appeal with its case id, in one transaction. False when the action was appealed already.
  bool file_appeal(const Case& original, Appeal& appeal);
  std::optional<Appeal> appeal_of_case(const std::string& case_id);
  void decide_appeal(const std::string& id, const std::string& state, Millis now);
  // A reporter's reports, newest first (one more than `limit` when there are more).
  std::vector<ReportWithCase> reports_by(const std::string& reporter_id, const std::optional<TimeCursor>& after,
                                         std::int64_t limit);
  // Videos removed before `cutoff` whose files are no longer needed: no appeal of their owner is
  // open and no counter-notice waits on them. Oldest removal first.
  std::vector<std::string> purgeable_removals(Millis cutoff, int limit);

 private:
  db::Database& db_;
};

}  // namespace marquee::moderation
