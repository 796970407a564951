#pragma once
// The records of moderation, as stored: reports, the cases they group into, the actions
// moderators take and the appeals against them. Plain data; rules live in ModerationService,
// SQL in ModerationStore, JSON in ModerationJson.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Clock.h"

namespace marquee::moderation {

enum class TargetType { video, comment, user };
std::string_view target_name(TargetType type);
std::optional<TargetType> parse_target(std::string_view name);

// Why a report was filed (PeerTube's categories, and the law's).
enum class Reason {
  violent_or_abusive,
  hateful,
  sexual_content_involving_minors,
  spam_or_misleading,
  privacy,
  rights,  // copyright and other rights (a DMCA notice is the legal route: docs/moderation.md)
  site_rules,
  other,
};
std::string_view reason_name(Reason reason);
std::optional<Reason> parse_reason(std::string_view name);
const std::vector<Reason>& all_reasons();

// Where a case came from: reports, the pre-moderation hold, a DMCA notice, an appeal.
enum class Source { report, review, dmca, appeal };
std::string_view source_name(Source source);
std::optional<Source> parse_source(std::string_view name);

enum class Action { dismiss, approve, remove, restore, age_restrict, warn, suspend, ban };
std::string_view action_name(Action action);
std::optional<Action> parse_action(std::string_view name);
// Whether the user an action affects may appeal it (once).
bool appealable(Action action);

struct Case {
  std::string id;
  TargetType target_type = TargetType::video;
  std::string target_id;
  std::string owner_id;  // whom the target belongs to ("" once that account is gone)
  Source source = Source::report;
  std::string reason;           // a Reason's name, or "review", "rights", "appeal"
  std::string snapshot_json;    // the target as it was at the first report
  bool open = true;
  std::string outcome;          // the last action's name ("" while none)
  std::int64_t reports_count = 0;
  std::string appeal_of;        // an appeal case: the action appealed
  Millis created_at = 0;
  Millis updated_at = 0;
  Millis resolved_at = 0;
};

struct Report {
  std::string id;
  std::string case_id;
  std::string reporter_id;  // "" when anonymous
  Reason reason = Reason::other;
  std::string text;
  std::optional<std::int64_t> timestamp_ms;
  Millis created_at = 0;
};

struct ActionRecord {
  std::string id;
  std::string case_id;
  Action action = Action::dismiss;
  std::string moderator_id;  // "" for the system (DMCA, a scheduled restore)
  std::string user_id;       // the account it affects ("" when none)
  std::string public_reason;
  std::string internal_note;
  Millis until_at = 0;       // suspend: until when
  Millis created_at = 0;
};

struct Appeal {
  std::string id;
  std::string action_id;
  std::string case_id;  // the appeal's own case
  std::string user_id;
  std::string text;
  std::string state = "open";  // open | granted | denied
  Millis created_at = 0;
  Millis decided_at = 0;
};

}  // namespace marquee::moderation
