#include "moderation/ModerationService.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include "core/Error.h"
#include "core/Ids.h"
#include "core/UserText.h"
#include "moderation/ModerationEvents.h"

namespace marquee::moderation {
namespace {

constexpr Millis kDayMs = 24LL * 3600 * 1000;
constexpr Millis kMaxSuspensionMs = 10 * 366 * kDayMs;
constexpr int kCaseReports = 100;
constexpr int kPriorCases = 20;
constexpr int kSweepBatch = 100;

std::string names_of_reasons() {
  std::string names;
  for (Reason r : all_reasons()) names += (names.empty() ? "" : ", ") + std::string(reason_name(r));
  return names;
}

// Which actions apply to which target (warn, suspend and ban act on the target's owner).
bool applies(Action action, TargetType target) {
  switch (action) {
    case Action::dismiss:
    case Action::warn:
    case Action::suspend:
    case Action::ban: return true;
    case Action::approve:
    case Action::age_restrict: return target == TargetType::video;
    case Action::remove: return target != TargetType::user;
    case Action::restore: return target != TargetType::comment;
  }
  return false;
}

bool needs_public_reason(Action action) {
  return action == Action::remove || action == Action::age_restrict || action == Action::warn ||
         action == Action::suspend || action == Action::ban;
}

}  // namespace

ModerationService::ModerationService(db::Database& db, videos::VideoService& videos, social::CommentService& comments,
                                     accounts::AccountService& accounts, audit::AuditLog& audit,
                                     settings::SiteSettings& settings, limits::RateLimiter& limiter,
                                     events::EventBus& bus, const Clock& clock)
    : store_(db),
      videos_(videos),
      comments_(comments),
      accounts_(accounts),
      audit_(audit),
      settings_(settings),
      limiter_(limiter),
      bus_(bus),
      clock_(clock) {
  videos_.review_new_videos({[this](const accounts::Principal& author) { return review_reason(author); },
                             [this](const videos::Video& video) { open_review_case(video); }});
}

// Pre-moderation (moderation.review_new_uploads): moderators and admins, and accounts an admin
// marked trusted, are never held.
std::optional<std::string> ModerationService::review_reason(const accounts::Principal& author) {
  auto config = settings_.current();
  const std::string& mode = config->moderation_review_new_uploads;
  if (mode == "off" || author.is_moderator()) return std::nullopt;
  auto account = accounts_.find(author.user_id);
  if (!account || account->trusted) return std::nullopt;
  if (mode == "new_accounts" &&
      clock_.now_ms() - account->created_at >= config->moderation_new_account_days * kDayMs) {
    return std::nullopt;
  }
  return "waiting for review by the moderators before it is public";
}

void ModerationService::open_review_case(const videos::Video& video) {
  std::string owner_id;
  const std::string snapshot = snapshot_of(TargetType::video, video.id, owner_id);
  store_.open_case(TargetType::video, video.id, video.owner_id, Source::review, "review", snapshot, "",
                   clock_.now_ms());
}

std::string ModerationService::snapshot_of(TargetType type, const std::string& target_id, std::string& owner_id) {
  boost::json::object snapshot;
  switch (type) {
    case TargetType::video: {
      auto video = videos_.find(target_id);
      if (!video) throw_not_found("video");
      owner_id = video->owner_id;
      boost::json::array tags;
      for (const auto& tag : video->tags) tags.emplace_back(tag);
      snapshot = {{"title", video->title},
                  {"description", video->description},
                  {"tags", std::move(tags)},
                  {"owner_username", video->owner_username},
                  {"visibility", videos::visibility_name(video->visibility)},
                  {"is_adult", video->is_adult}};
      // Why it waits for review: pre-moderation, or a source screen's doubt (malware scanning).
      if (video->moderation == videos::Moderation::held) snapshot["hold_reason"] = video->moderation_reason;
      break;
    }
    case TargetType::comment: {
      auto comment = comments_.find(target_id);
      if (!comment) throw_not_found("comment");
      owner_id = comment->author_id;
      snapshot = {{"text", comment->text}, {"video_id", comment->video_id}, {"author_username", comment->author_username}};
      break;
    }
    case TargetType::user: {
      auto account = accounts_.find(target_id);
      if (!account) throw_not_found("user");
      owner_id = account->id;
      snapshot = {{"username", account->username}, {"display_name", account->display_name}, {"bio", account->bio}};
      break;
    }
  }
  return boost::json::serialize(snapshot);
}

Filed ModerationService::report(const accounts::Caller& caller, const ReportInput& input,
                                const std::string& client_address) {
  auto config = settings_.current();
  if (!caller && !config->moderation_anonymous_reports) throw_unauthorized("sign in to report");
  auto target = parse_target(input.target);
  if (!target) throw_validation("target", "target must be video, comment or user");
  auto reason = parse_reason(input.reason);
  if (!reason) throw_validation("reason", "reason must be one of " + names_of_reasons());
  if (input.target_id.empty() || input.target_id.size() > 64) throw_validation("target_id", "target_id is required");
  const std::string text = text::clean_prose(input.text, "text", 2'000, text::Presence::optional);
  if (input.timestamp_ms && (*input.timestamp_ms < 0 || *target != TargetType::video)) {
    throw_validation("timestamp_ms", "timestamp_ms is a place in a video, at least 0");
  }
  // The caller must be able to see what they report (404 as elsewhere; 410 for a removed video).
  switch (*target) {
    case TargetType::video: videos_.get(caller, input.target_id); break;
    case TargetType::comment: comments_.get(caller, input.target_id); break;
    case TargetType::user:
      if (!accounts_.find(input.target_id)) throw_not_found("user");
      break;
  }
  std::string owner_id;
  std::string snapshot = snapshot_of(*target, input.target_id, owner_id);
  if (caller && caller->user_id == owner_id) throw_validation("target_id", "you cannot report your own content");
  const std::string key = "report:" + (caller ? caller->user_id : "addr:" + client_address);
  auto decision = limiter_.allow(key, {config->moderation_reports_per_hour, std::chrono::hours(1),
                                       config->moderation_reports_per_hour});
  if (!decision.allowed) {
    throw Error(ErrorCode::rate_limited, "too many reports; try again later",
                {{"retry_after_ms", std::to_string(decision.retry_after_ms)}});
  }
  ReportFiling filing;
  filing.target_type = *target;
  filing.target_id = input.target_id;
  filing.owner_id = owner_id;
  filing.snapshot_json = std::move(snapshot);
  filing.report.id = new_public_id();
  filing.report.reporter_id = caller ? caller->user_id : "";
  filing.report.reason = *reason;
  filing.report.text = text;
  filing.report.timestamp_ms = input.timestamp_ms;
  filing.report.created_at = clock_.now_ms();
  try {
    return store_.file_report(filing);
  } catch (const db::UniqueViolation&) {
    return store_.file_report(filing);  // another report opened the case first: join it
  }
}

ReportsPage ModerationService::my_reports(const accounts::Principal& who, const std::optional<std::string>& cursor,
                                          std::optional<std::int64_t> limit) {
  const std::int64_t n = limit.value_or(kDefaultCasePage);
  if (n < 1 || n > kMaxCasePage) throw_validation("limit", "limit must be between 1 and 100");
  std::optional<TimeCursor> after;
  if (cursor) after = decode_time_cursor(*cursor);
  ReportsPage page;
  page.items = store_.reports_by(who.user_id, after, n);
  if (static_cast<std::int64_t>(page.items.size()) > n) {
    page.items.pop_back();
    page.next_cursor = encode_time_cursor(page.items.back().report.created_at, page.items.back().report.id);
  }
  return page;
}

CasePage ModerationService::cases(const accounts::Principal& moderator, const CaseQuery& query) {
  if (!moderator.is_moderator()) throw_forbidden("only moderators see the moderation queue");
  CaseFilter filter;
  const std::string state = query.state.value_or("open");
  if (state == "open") filter.open = true;
  else if (state == "resolved") filter.open = false;
  else if (state != "all") throw_validation("state", "state must be open, resolved or all");
  if (query.reason) filter.reason = *query.reason;
  if (query.target) {
    filter.target = parse_target(*query.target);
    if (!filter.target) throw_validation("target", "target must be video, comment or user");
  }
  if (query.source) {
    filter.source = parse_source(*query.source);
    if (!filter.source) throw_validation("source", "source must be report, review, dmca or appeal");
  }
  const std::string sort = query.sort.value_or("oldest");
  if (sort == "newest") filter.sort = CaseSort::newest;
  else if (sort == "most_reported") filter.sort = CaseSort::most_reported;
  else if (sort != "oldest") throw_validation("sort", "sort must be oldest, newest or most_reported");
  filter.limit = query.limit.value_or(kDefaultCasePage);
  if (filter.limit < 1 || filter.limit > kMaxCasePage) throw_validation("limit", "limit must be between 1 and 100");
  if (query.cursor) filter.after = decode_time_cursor(*query.cursor);
  CasePage page;
  page.items = store_.list_cases(filter);
  if (static_cast<std::int64_t>(page.items.size()) > filter.limit) {
    page.items.pop_back();
    const Case& last = page.items.back();
    page.next_cursor =
        encode_time_cursor(filter.sort == CaseSort::most_reported ? last.reports_count : last.created_at, last.id);
  }
  return page;
}

CaseDetail ModerationService::case_detail(const accounts::Principal& moderator, const std::string& case_id) {
  if (!moderator.is_moderator()) throw_forbidden("only moderators see the moderation queue");
  auto kase = store_.find_case(case_id);
  if (!kase) throw_not_found("case");
  CaseDetail detail;
  detail.kase = *kase;
  detail.reports = store_.reports_of(case_id, kCaseReports);
  detail.actions = store_.actions_of(case_id);
  detail.appeal = store_.appeal_of_case(case_id);
  if (!kase->appeal_of.empty()) detail.appealed = store_.find_action(kase->appeal_of);
  detail.prior_cases = store_.prior_cases(kase->owner_id, kase->id, kPriorCases);
  return detail;
}

ActionRecord ModerationService::act(const accounts::Principal& moderator, const std::string& case_id,
                                    const ActionInput& input, const std::string& request_id) {
  if (!moderator.is_moderator()) throw_forbidden("only moderators act on cases");
  auto kase = store_.find_case(case_id);
  if (!kase) throw_not_found("case");
  auto action = parse_action(input.action);
  if (!action) {
    throw_validation("action", "action must be dismiss, approve, remove, restore, age_restrict, warn, suspend or ban");
  }
  ActionRecord record;
  record.action = *action;
  record.public_reason = text::clean_prose(input.public_reason, "public_reason", kMaxPublicReason,
                                           needs_public_reason(*action) ? text::Presence::required
                                                                        : text::Presence::optional);
  record.internal_note = text::clean_prose(input.internal_note, "internal_note", 5'000, text::Presence::optional);
  if (*action == Action::suspend) {
    const Millis now = clock_.now_ms();
    if (!input.until || *input.until <= now || *input.until > now + kMaxSuspensionMs) {
      throw_validation("until", "a suspension needs until: a time in the future, at most ten years ahead");
    }
    record.until_at = *input.until;
  } else if (input.until) {
    throw_validation("until", "until is for suspend only");
  }
  return take(*kase, std::move(record), &moderator, request_id, {});
}

ActionRecord ModerationService::act_as_system(Source source, TargetType target, const std::string& target_id,
                                              Action action, const std::string& reason,
                                              const std::string& public_reason, const std::string& internal_note,
                                              const std::string& request_id,
                                              const std::vector<std::pair<std::string, std::string>>& extra) {
  std::string owner_id;
  const std::string snapshot = snapshot_of(target, target_id, owner_id);
  Case kase = store_.open_case(target, target_id, owner_id, source, reason, snapshot, "", clock_.now_ms());
  ActionRecord record;
  record.action = action;
  record.public_reason = public_reason;
  record.internal_note = internal_note;
  return take(kase, std::move(record), nullptr, request_id, extra);
}

bool ModerationService::restore_removal(const std::string& video_id, const std::string& removal_action_id,
                                        const std::string& public_reason, const std::string& internal_note,
                                        const std::vector<std::pair<std::string, std::string>>& extra) {
  auto video = videos_.find(video_id);
  if (removal_action_id.empty() || !video || video->moderation != videos::Moderation::removed ||
      video->moderation_action_id != removal_action_id) {
    return false;
  }
  auto owner = accounts_.find(video->owner_id);
  if (!owner || owner->banned_at != 0) return false;
  act_as_system(Source::dmca, TargetType::video, video_id, Action::restore, "rights", public_reason, internal_note, "",
                extra);
  return true;
}

ActionRecord ModerationService::take(const Case& kase, ActionRecord record, const accounts::Principal* moderator,
                                     const std::string& request_id,
                                     const std::vector<std::pair<std::string, std::string>>& extra) {
  // On an appeal case, restore grants the appeal (undoing the appealed action) and dismiss denies it.
  const bool grants_or_denies = kase.source == Source::appeal &&
                                (record.action == Action::restore || record.action == Action::dismiss);
  if (!grants_or_denies && !applies(record.action, kase.target_type)) {
    throw_validation("action", std::string(action_name(record.action)) + " does not apply to a " +
                                   std::string(target_name(kase.target_type)));
  }
  require_may_act(kase, record, moderator);
  record.id = new_public_id();
  record.case_id = kase.id;
  record.moderator_id = moderator ? moderator->user_id : "";
  record.user_id = kase.owner_id;
  record.created_at = clock_.now_ms();
  apply(kase, record, moderator);
  // warn stays a note on an open case; every other action settles it.
  store_.record_action(record, record.action != Action::warn);

  std::string appeal_state;
  if (kase.source == Source::appeal) {
    if (auto appeal = store_.appeal_of_case(kase.id); appeal && appeal->state == "open") {
      if (record.action == Action::restore) appeal_state = "granted";
      if (record.action == Action::dismiss) appeal_state = "denied";
      if (!appeal_state.empty()) store_.decide_appeal(appeal->id, appeal_state, record.created_at);
    }
  }

  boost::json::object after{{"case_id", kase.id},
                            {"action", action_name(record.action)},
                            {"public_reason", record.public_reason},
                            {"internal_note", record.internal_note}};
  if (record.until_at) after["until"] = to_rfc3339(record.until_at);
  if (!appeal_state.empty()) after["appeal"] = appeal_state;
  audit_.record({moderator ? std::optional<std::string>(moderator->user_id) : std::nullopt, request_id},
                "moderation." + std::string(action_name(record.action)), std::string(target_name(kase.target_type)),
                kase.target_id, kase.snapshot_json, boost::json::serialize(after));

  // The user hears of every action on their content or account, except a report dismissed.
  const bool tells_user = !record.user_id.empty() &&
                          (record.action != Action::dismiss || !appeal_state.empty());
  if (tells_user) {
    std::vector<std::pair<std::string, std::string>> fields{
        {"user_id", record.user_id},
        {"action", std::string(action_name(record.action))},
        {"target_type", std::string(target_name(kase.target_type))},
        {"target_id", kase.target_id},
        {"case_id", kase.id},
        {"case_reason", kase.reason},
        {"public_reason", record.public_reason},
        {"appealable", appealable(record.action) ? "1" : "0"}};
    if (!appeal_state.empty()) fields.emplace_back("appeal", appeal_state);
    for (const auto& field : extra) fields.push_back(field);
    boost::json::object data;
    for (auto& [k, v] : fields) data[k] = v;
    events::Event event;
    event.type = kModerationAction;
    event.subject = record.id;
    event.data = boost::json::serialize(data);
    bus_.publish(std::move(event));
  }
  return record;
}

void ModerationService::require_may_act(const Case& kase, const ActionRecord& record,
                                        const accounts::Principal* moderator) {
  if (!moderator || moderator->at_least(accounts::Role::admin) || kase.owner_id.empty()) return;
  // Nobody judges their own case, and moderators answer to admins: a case about a moderator's
  // or an admin's content or account is an admin's.
  if (kase.owner_id == moderator->user_id) throw_forbidden("a case about your own content or account is another's");
  auto owner = accounts_.find(kase.owner_id);
  if (owner && owner->principal().is_moderator() && record.action != Action::dismiss) {
    throw_forbidden("only an admin acts on a moderator's or an admin's content or account");
  }
}

accounts::Account ModerationService::affected_account(const ActionRecord& record,
                                                      const accounts::Principal* moderator) {
  if (record.user_id.empty()) throw Error(ErrorCode::conflict, "the account this case is about is gone");
  auto account = accounts_.find(record.user_id);
  if (!account) throw Error(ErrorCode::conflict, "the account this case is about is gone");
  // An admin's account is never suspended or banned; a moderator's only by an admin (a rule, as
  // the DMCA's strikes, never does it: the moderators see the case instead).
  const bool locks_out = record.action == Action::suspend || record.action == Action::ban;
  if (locks_out && account->role == accounts::Role::admin) throw_forbidden("an admin's account is not moderated");
  if (locks_out && account->principal().is_moderator() && !(moderator && moderator->at_least(accounts::Role::admin))) {
    throw_forbidden("only an admin acts on a moderator's account");
  }
  return *account;
}

void ModerationService::lift_standing(const accounts::Account& account) {
  accounts_.set_standing(account.id, 0, 0);
  for (const auto& ban : store_.actions_affecting(account.id, Action::ban)) {
    for (const auto& video_id : videos_.ids_moderated_by(ban.id)) {
      videos_.set_moderation(video_id, videos::Moderation::none, "");
    }
  }
}

void ModerationService::restore_video(const Case& kase, const videos::Video& video) {
  if (video.moderation != videos::Moderation::removed) {
    throw Error(ErrorCode::conflict, "the video is not removed");
  }
  // A removal is undone where it was made: a DMCA removal by its counter-notice, a ban's by
  // lifting the ban.
  if (auto removal = store_.find_action(video.moderation_action_id)) {
    auto removal_case = store_.find_case(removal->case_id);
    if (removal_case && removal_case->source == Source::dmca && kase.source != Source::dmca) {
      throw Error(ErrorCode::conflict, "a DMCA notice removed this video: it returns through a counter-notice");
    }
    if (removal->action == Action::ban) {
      throw Error(ErrorCode::conflict, "the owner's ban removed this video: restore the account instead");
    }
  }
  videos_.set_moderation(video.id, videos::Moderation::none, "");
}

void ModerationService::grant_appeal(const Case& kase, const ActionRecord& record) {
  auto appealed = store_.find_action(kase.appeal_of);
  if (!appealed) throw Error(ErrorCode::conflict, "the appealed action is gone");
  switch (appealed->action) {
    case Action::remove: {
      if (kase.target_type == TargetType::comment) {
        throw Error(ErrorCode::conflict, "a removed comment cannot be restored; dismiss the appeal or warn no more");
      }
      auto video = videos_.find(kase.target_id);
      if (!video) throw Error(ErrorCode::conflict, "the video is gone");
      if (video->moderation == videos::Moderation::removed && video->moderation_action_id == appealed->id) {
        videos_.set_moderation(video->id, videos::Moderation::none, "");
      }
      return;
    }
    case Action::age_restrict: videos_.set_age_restriction(kase.target_id, false); return;
    case Action::suspend:
    case Action::ban: {
      ActionRecord lifting = record;
      lifting.action = Action::restore;
      lift_standing(affected_account(lifting, nullptr));
      return;
    }
    default: return;  // a warning withdrawn: nothing to undo
  }
}

void ModerationService::apply(const Case& kase, ActionRecord& record, const accounts::Principal* moderator) {
  const std::string& target = kase.target_id;
  switch (record.action) {
    case Action::dismiss: return;
    case Action::approve: {
      auto video = videos_.find(target);
      if (!video) throw Error(ErrorCode::conflict, "the video is gone");
      if (video->moderation != videos::Moderation::held) throw Error(ErrorCode::conflict, "the video is not held");
      // What is approved is what was seen: the media, once processed.
      if (!videos::is_published(video->status)) {
        throw Error(ErrorCode::conflict, "approve a held video once its media is processed (status " +
                                             std::string(videos::status_name(video->status)) + ")");
      }
      videos_.set_moderation(target, videos::Moderation::none, "");
      return;
    }
    case Action::restore:
      if (kase.source == Source::appeal) return grant_appeal(kase, record);
      if (kase.target_type == TargetType::video) {
        auto video = videos_.find(target);
        if (!video) throw Error(ErrorCode::conflict, "the video is gone");
        restore_video(kase, *video);
      } else {  // a user: lift the suspension or ban, and return what the ban removed
        auto account = affected_account(record, moderator);
        if (account.banned_at == 0 && account.suspended_until <= clock_.now_ms()) {
          throw Error(ErrorCode::conflict, "the account is neither suspended nor banned");
        }
        lift_standing(account);
      }
      return;
    case Action::remove:
      if (kase.target_type == TargetType::video) {
        auto video = videos_.find(target);
        if (!video) throw Error(ErrorCode::conflict, "the video is gone");
        if (video->moderation == videos::Moderation::removed) throw Error(ErrorCode::conflict, "the video is removed");
        videos_.set_moderation(target, videos::Moderation::removed, record.public_reason, record.id);
      } else {
        if (!moderator) throw Error(ErrorCode::internal, "a comment is removed by a moderator");
        if (!comments_.find(target)) throw Error(ErrorCode::conflict, "the comment is gone");
        comments_.remove(*moderator, target);
      }
      return;
    case Action::age_restrict:
      if (!videos_.find(target)) throw Error(ErrorCode::conflict, "the video is gone");
      videos_.set_age_restriction(target, true);
      return;
    case Action::warn: affected_account(record, moderator); return;
    case Action::suspend: {
      auto account = affected_account(record, moderator);
      accounts_.set_standing(account.id, record.until_at, account.banned_at);
      return;
    }
    case Action::ban: {
      auto account = affected_account(record, moderator);
      accounts_.set_standing(account.id, 0, record.created_at);
      // Its public videos leave the site with the ban (held ones stay held); lifting the ban
      // returns exactly these. Their page says why without the ban's reason, which is the user's.
      for (const auto& video_id : videos_.ids_of_owner(account.id)) {
        auto video = videos_.find(video_id);
        if (!video || video->moderation != videos::Moderation::none) continue;
        videos_.set_moderation(video_id, videos::Moderation::removed,
                               "The account that uploaded this video was terminated.", record.id);
      }
      return;
    }
  }
}

Appeal ModerationService::appeal(const accounts::Principal& who, const std::string& action_id, const std::string& text) {
  auto action = looks_like_public_id(action_id) ? store_.find_action(action_id) : std::nullopt;
  if (!action || action->user_id != who.user_id) throw_not_found("moderation action");
  if (!appealable(action->action)) {
    throw_validation("action_id", "a " + std::string(action_name(action->action)) + " cannot be appealed");
  }
  Appeal appeal;
  appeal.id = new_public_id();
  appeal.action_id = action_id;
  appeal.user_id = who.user_id;
  appeal.text = text::clean_prose(text, "text", 5'000, text::Presence::required);
  appeal.created_at = clock_.now_ms();
  auto original = store_.find_case(action->case_id);
  if (!original) throw_not_found("moderation action");
  if (!store_.file_appeal(*original, appeal)) throw Error(ErrorCode::conflict, "this action was appealed already");
  return appeal;
}

int ModerationService::sweep() {
  auto config = settings_.current();
  const Millis cutoff = clock_.now_ms() - config->moderation_removed_retention_days * kDayMs;
  int purged = 0;
  for (const auto& video_id : store_.purgeable_removals(cutoff, kSweepBatch)) {
    if (videos_.purge(video_id)) ++purged;
  }
  if (purged > 0) spdlog::info("moderation: purged {} video(s) removed more than {} days ago", purged,
                               config->moderation_removed_retention_days);
  return purged;
}

}  // namespace marquee::moderation
