#pragma once
// Moderation: reports from users grouped into cases, the queue moderators work through, the
// actions they take (each with a public reason for the user and an internal note for the
// team), the user's one appeal per action, and pre-moderation of new uploads. Every action is
// written to the audit log and, when it affects an account, published (kModerationAction) so
// its user is notified. docs/moderation.md describes the workflow.
//
// Effects, by target:
// - video: remove (410 `removed` with the public reason; out of every list, search and
//   recommendation on every node at once; files kept moderation.removed_retention_days for
//   the appeal), restore, approve (a held video), age_restrict (is_adult);
// - comment: remove (deleted; the case keeps its text);
// - any target's owner (or a user target): warn, suspend until a time, ban (its sessions end
//   at once, sign-in is refused, its videos are removed); restore lifts a suspension or ban and
//   returns the videos the ban removed.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/AccountService.h"
#include "accounts/Principal.h"
#include "audit/AuditLog.h"
#include "core/Clock.h"
#include "events/EventBus.h"
#include "limits/RateLimiter.h"
#include "moderation/ModerationStore.h"
#include "settings/SiteSettings.h"
#include "social/CommentService.h"
#include "videos/VideoService.h"

namespace marquee::moderation {

inline constexpr std::int64_t kDefaultCasePage = 20;
inline constexpr std::int64_t kMaxCasePage = 100;
inline constexpr std::size_t kMaxPublicReason = 1'000;  // code points; it travels in an event

struct ReportInput {
  std::string target;  // video | comment | user
  std::string target_id;
  std::string reason;
  std::string text;
  std::optional<std::int64_t> timestamp_ms;
};

struct ActionInput {
  std::string action;
  std::string public_reason;
  std::string internal_note;
  std::optional<Millis> until;  // suspend
};

struct CaseQuery {
  std::optional<std::string> state;   // open | resolved | all (default open)
  std::optional<std::string> reason;
  std::optional<std::string> target;  // video | comment | user
  std::optional<std::string> source;  // report | review | dmca | appeal
  std::optional<std::string> sort;    // oldest (default) | newest | most_reported
  std::optional<std::string> cursor;
  std::optional<std::int64_t> limit;
};

struct CasePage {
  std::vector<Case> items;
  std::optional<std::string> next_cursor;
};

// A case as a moderator reviews it.
struct CaseDetail {
  Case kase;
  std::vector<Report> reports;  // the first 100
  std::vector<ActionRecord> actions;
  std::optional<Appeal> appeal;          // an appeal case's appeal
  std::optional<ActionRecord> appealed;  // the action it appeals
  std::vector<Case> prior_cases;         // against the same owner, newest first (20)
};

struct ReportsPage {
  std::vector<ReportWithCase> items;
  std::optional<std::string> next_cursor;
};

class ModerationService {
 public:
  ModerationService(db::Database& db, videos::VideoService& videos, social::CommentService& comments,
                    accounts::AccountService& accounts, audit::AuditLog& audit, settings::SiteSettings& settings,
                    limits::RateLimiter& limiter, events::EventBus& bus, const Clock& clock);

  // Files a report (signed in; signed out only when moderation.anonymous_reports). 404 for a
  // target the caller cannot see, 400 for one's own, 429 past moderation.reports_per_hour.
  Filed report(const accounts::Caller& caller, const ReportInput& input, const std::string& client_address);
  ReportsPage my_reports(const accounts::Principal& who, const std::optional<std::string>& cursor,
                         std::optional<std::int64_t> limit);

  // Moderators and admins.
  CasePage cases(const accounts::Principal& moderator, const CaseQuery& query);
  CaseDetail case_detail(const accounts::Principal& moderator, const std::string& case_id);
  ActionRecord act(const accounts::Principal& moderator, const std::string& case_id, const ActionInput& input,
                   const std::string& request_id);
  // The affected user appeals an action once; the appeal opens a case of its own. 404 for an
  // action that did not affect them, 409 when appealed already, 400 for one that cannot be.
  Appeal appeal(const accounts::Principal& who, const std::string& action_id, const std::string& text);

  // For the DMCA rules (dmca/DmcaService): an action on a video or user taken by the system in
  // the target's open case of `source` (opened now when there is none), with the same effects,
  // audit and notification as a moderator's. `extra` joins the event's data (the notice id).
  ActionRecord act_as_system(Source source, TargetType target, const std::string& target_id, Action action,
                             const std::string& reason, const std::string& public_reason,
                             const std::string& internal_note, const std::string& request_id,
                             const std::vector<std::pair<std::string, std::string>>& extra = {});

  // For the DMCA's restore: brings the video back when `removal_action_id` is still what keeps
  // it down and its owner is not banned, as a system restore in its dmca case. False when it
  // did nothing.
  bool restore_removal(const std::string& video_id, const std::string& removal_action_id,
                       const std::string& public_reason, const std::string& internal_note,
                       const std::vector<std::pair<std::string, std::string>>& extra);

  // Purges the files and rows of videos removed more than moderation.removed_retention_days
  // ago whose removal stands (no open appeal of their owner, no counter-notice waiting).
  // Returns how many went.
  int sweep();

 private:
  std::optional<std::string> review_reason(const accounts::Principal& author);
  void open_review_case(const videos::Video& video);
  // Does what the action does to its target and owner. Throws 409 when it cannot.
  void apply(const Case& kase, ActionRecord& action, const accounts::Principal* moderator);
  // 403 for a moderator's own case, and (but for a dismissal) for a case about a moderator's or
  // an admin's content or account unless an admin acts.
  void require_may_act(const Case& kase, const ActionRecord& record, const accounts::Principal* moderator);
  // The account an action affects; 403 when it may not be suspended or banned by this actor.
  accounts::Account affected_account(const ActionRecord& record, const accounts::Principal* moderator);
  void lift_standing(const accounts::Account& account);
  void restore_video(const Case& kase, const videos::Video& video);
  // Restore on an appeal case: undoes the appealed action.
  void grant_appeal(const Case& kase, const ActionRecord& record);
  ActionRecord take(const Case& kase, ActionRecord action, const accounts::Principal* moderator,
                    const std::string& request_id, const std::vector<std::pair<std::string, std::string>>& extra);
  std::string snapshot_of(TargetType type, const std::string& target_id, std::string& owner_id);

  ModerationStore store_;
  videos::VideoService& videos_;
  social::CommentService& comments_;
  accounts::AccountService& accounts_;
  audit::AuditLog& audit_;
  settings::SiteSettings& settings_;
  limits::RateLimiter& limiter_;
  events::EventBus& bus_;
  const Clock& clock_;
};

}  // namespace marquee::moderation
