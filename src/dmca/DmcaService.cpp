#include "dmca/DmcaService.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/Crypto.h"
#include "core/Error.h"
#include "core/Ids.h"
#include "dmca/BusinessDays.h"
#include "dmca/DmcaForms.h"

namespace marquee::dmca {
namespace {

constexpr Millis kDayMs = 24LL * 3600 * 1000;

std::string hash_key(const std::string& key) { return crypto::to_hex(crypto::sha256(key)); }

std::string excerpt(const std::string& text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  std::size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // whole UTF-8 characters
  return text.substr(0, end) + "…";
}

}  // namespace

DmcaService::DmcaService(db::Database& db, videos::VideoService& videos, moderation::ModerationService& moderation,
                         audit::AuditLog& audit, settings::SiteSettings& settings, limits::RateLimiter& limiter,
                         jobs::JobQueue& queue, const Clock& clock)
    : store_(db),
      videos_(videos),
      moderation_(moderation),
      audit_(audit),
      settings_(settings),
      limiter_(limiter),
      queue_(queue),
      clock_(clock) {}

FiledNotice DmcaService::file_notice(const accounts::Caller& caller, const boost::json::object& body,
                                     const std::string& client_address, const std::string& request_id) {
  const std::string key = "dmca:" + (caller ? caller->user_id : "addr:" + client_address);
  const std::int64_t per_hour = settings_.current()->moderation_reports_per_hour;
  auto decision = limiter_.allow(key, {per_hour, std::chrono::hours(1), per_hour});
  if (!decision.allowed) {
    throw Error(ErrorCode::rate_limited, "too many notices; try again later",
                {{"retry_after_ms", std::to_string(decision.retry_after_ms)}});
  }
  NoticeForm form = read_notice(body);
  FiledNotice filed;
  Notice& n = filed.notice;
  n.id = new_public_id();
  for (const auto& video_id : form.video_ids) {
    auto video = videos_.find(video_id);
    if (!video) {
      throw Error(ErrorCode::validation_failed, "the notice is missing: infringing_urls (no video " + video_id + " here)",
                  {{"missing", "infringing_urls"}});
    }
    filed.videos.push_back({n.id, video_id, video->owner_id, "removed", "", "", 0});
  }
  n.name = form.name;
  n.email = form.email;
  n.address = form.address;
  n.phone = form.phone;
  n.signature = form.signature;
  n.work = form.work;
  n.urls = form.urls;
  n.statements_json = boost::json::serialize(boost::json::object{
      {"good_faith_statement", kGoodFaithStatement}, {"accuracy_and_authority_statement", kAccuracyAndAuthorityStatement}});
  n.submitted_by = caller ? caller->user_id : "";
  filed.access_key = crypto::to_hex(crypto::random_bytes(24));
  n.access_key_hash = hash_key(filed.access_key);
  n.created_at = clock_.now_ms();
  store_.insert_notice(n, filed.videos);
  audit_.record({caller ? std::optional<std::string>(caller->user_id) : std::nullopt, request_id}, "dmca.notice",
                "dmca_notice", n.id, "{}",
                boost::json::serialize(boost::json::object{{"videos", static_cast<std::int64_t>(filed.videos.size())},
                                                           {"work", excerpt(n.work, 300)}}));
  // Promptly: every named video that is up comes down now. Its uploader gets one strike for the
  // notice however many of their videos it names (a video already down brings none).
  const std::string public_reason = "Removed after a copyright notice (DMCA) about: " + excerpt(n.work, 300);
  std::vector<std::pair<std::string, std::string>> struck;  // owner, first video removed
  for (auto& v : filed.videos) {
    auto video = videos_.find(v.video_id);
    if (!video || video->moderation == videos::Moderation::removed) continue;
    auto action = moderation_.act_as_system(moderation::Source::dmca, moderation::TargetType::video, v.video_id,
                                            moderation::Action::remove, "rights", public_reason, "notice " + n.id,
                                            request_id, {{"notice_id", n.id}});
    v.case_id = action.case_id;
    v.action_id = action.id;
    store_.set_removal(n.id, v.video_id, v.case_id, v.action_id);
    const bool owner_struck = std::any_of(struck.begin(), struck.end(), [&](const auto& s) { return s.first == v.owner_id; });
    if (!owner_struck) struck.emplace_back(v.owner_id, v.video_id);
  }
  for (const auto& [owner_id, video_id] : struck) strike_and_maybe_terminate(owner_id, n.id, video_id, request_id);
  return filed;
}

void DmcaService::strike_and_maybe_terminate(const std::string& owner_id, const std::string& notice_id,
                                             const std::string& video_id, const std::string& request_id) {
  auto config = settings_.current();
  const Millis now = clock_.now_ms();
  store_.insert_strike({new_public_id(), owner_id, notice_id, video_id, now, now + config->dmca_strike_days * kDayMs});
  const auto active = store_.active_strikes(owner_id, now);
  if (static_cast<int>(active.size()) < config->dmca_strikes_to_terminate) return;
  try {
    moderation_.act_as_system(moderation::Source::dmca, moderation::TargetType::user, owner_id,
                              moderation::Action::ban, "rights",
                              "Account terminated as a repeat infringer: " + std::to_string(active.size()) +
                                  " copyright strikes",
                              "notice " + notice_id, request_id, {{"notice_id", notice_id}});
  } catch (const Error& e) {
    // An admin's account is not banned by a rule; the moderators see the strikes in the queue.
    spdlog::warn("dmca: account {} reached {} strikes but was not terminated: {}", owner_id, active.size(), e.what());
  }
}

NoticeView DmcaService::notice(const accounts::Caller& caller, const std::string& id, const std::string& access_key) {
  auto notice = looks_like_public_id(id) ? store_.find_notice(id) : std::nullopt;
  if (!notice) throw_not_found("notice");
  NoticeView view;
  view.notice = *notice;
  view.videos = store_.videos_of(id);
  const bool full = (caller && caller->is_moderator()) ||
                    (caller && !notice->submitted_by.empty() && caller->user_id == notice->submitted_by) ||
                    (!access_key.empty() && access_key.size() <= 128 &&
                     crypto::constant_time_equal(hash_key(access_key), notice->access_key_hash));
  bool uploader = false;
  for (const auto& v : view.videos) uploader = uploader || (caller && v.owner_id == caller->user_id);
  if (!full && !uploader) throw_not_found("notice");
  view.counter_notices = store_.counter_notices_of(id);
  if (!full) {
    // The uploader sees their own counter-notices only, and the complainant's contact as configured.
    std::erase_if(view.counter_notices, [&](const CounterNotice& c) { return c.user_id != caller->user_id; });
    std::erase_if(view.videos, [&](const NoticeVideo& v) { return v.owner_id != caller->user_id; });
    // Nor the URLs of others' videos (an unlisted video's id is its secret).
    std::erase_if(view.notice.urls, [&](const std::string& url) {
      const std::string id = video_id_in_url(url);
      return std::none_of(view.videos.begin(), view.videos.end(), [&](const NoticeVideo& v) { return v.video_id == id; });
    });
    view.redacted = settings_.current()->dmca_redact_complainant_contact;
    view.notice.access_key_hash.clear();
    if (view.redacted) {
      view.notice.email.clear();
      view.notice.address.clear();
      view.notice.phone.clear();
    }
  }
  return view;
}

std::pair<CounterNotice, Millis> DmcaService::file_counter_notice(const accounts::Principal& who,
                                                                  const boost::json::object& body,
                                                                  const std::string& request_id) {
  CounterNoticeForm form = read_counter_notice(body);
  auto row = store_.notice_video(form.notice_id, form.video_id);
  if (!row || row->owner_id != who.user_id) throw_not_found("removed video of this notice");
  if (row->state != "removed") {
    throw Error(ErrorCode::conflict, "this video's removal is " + row->state + ", not open to a counter-notice",
                {{"state", row->state}});
  }
  CounterNotice counter;
  counter.id = new_public_id();
  counter.notice_id = form.notice_id;
  counter.video_id = form.video_id;
  counter.user_id = who.user_id;
  counter.name = form.name;
  counter.address = form.address;
  counter.phone = form.phone;
  counter.email = form.email;
  counter.signature = form.signature;
  counter.statements_json = boost::json::serialize(
      boost::json::object{{"mistake_statement", kMistakeStatement}, {"jurisdiction_consent", kJurisdictionConsent}});
  counter.created_at = clock_.now_ms();
  if (!store_.insert_counter_notice(counter)) throw Error(ErrorCode::conflict, "this video was countered already");
  const Millis restore_at = after_business_days(counter.created_at, settings_.current()->dmca_restore_business_days);
  store_.move(form.notice_id, form.video_id, "removed", "countered", restore_at);
  jobs::EnqueueOptions options;
  options.run_at = restore_at;
  options.subject = form.notice_id;
  queue_.enqueue(kRestoreJob,
                 boost::json::serialize(boost::json::object{{"notice_id", form.notice_id}, {"video_id", form.video_id}}),
                 options);
  audit_.record({who.user_id, request_id}, "dmca.counter_notice", "video", form.video_id, "{}",
                boost::json::serialize(boost::json::object{{"notice_id", form.notice_id},
                                                           {"counter_notice_id", counter.id},
                                                           {"restore_at", to_rfc3339(restore_at)}}));
  return {counter, restore_at};
}

NoticeView DmcaService::report_court_action(const accounts::Principal& moderator, const std::string& notice_id,
                                            const std::string& request_id) {
  if (!moderator.is_moderator()) throw_forbidden("only moderators record a court action");
  auto notice = looks_like_public_id(notice_id) ? store_.find_notice(notice_id) : std::nullopt;
  if (!notice) throw_not_found("notice");
  store_.record_court_action(notice_id, clock_.now_ms());
  audit_.record({moderator.user_id, request_id}, "dmca.court_action", "dmca_notice", notice_id);
  return this->notice(accounts::Caller(moderator), notice_id, "");
}

void DmcaService::restore_when_due(jobs::JobContext& job) {
  boost::system::error_code ec;
  auto payload = boost::json::parse(job.payload(), ec);
  const auto* object = !ec ? payload.if_object() : nullptr;  // (a job payload this server wrote)
  if (object == nullptr || !object->contains("notice_id") || !object->contains("video_id") ||
      !object->at("notice_id").is_string() || !object->at("video_id").is_string()) {
    throw Error(ErrorCode::validation_failed, "dmca_restore needs notice_id and video_id");
  }
  const std::string notice_id(object->at("notice_id").as_string());
  const std::string video_id(object->at("video_id").as_string());
  auto row = store_.notice_video(notice_id, video_id);
  // A court action (or anything else since) keeps it down.
  if (!row || row->state != "countered") return;
  if (row->restore_at > clock_.now_ms()) {
    throw Error(ErrorCode::conflict, "dmca_restore ran before its time");  // retried later
  }
  // The decision is taken once: a court action recorded from here on comes too late.
  if (!store_.move(notice_id, video_id, "countered", "restoring", row->restore_at)) return;
  // The video returns only if this notice's removal is what still keeps it down (not a later
  // removal for another reason) and its owner is not banned.
  moderation_.restore_removal(video_id, row->action_id,
                              "Restored after a counter-notice: the complainant did not report a court action",
                              "notice " + notice_id, {{"notice_id", notice_id}});
  store_.move(notice_id, video_id, "restoring", "restored");
  store_.withdraw_strike(notice_id, video_id, clock_.now_ms());
}

std::vector<Strike> DmcaService::strikes(const accounts::Principal& who) {
  return store_.active_strikes(who.user_id, clock_.now_ms());
}

std::string DmcaService::agent_page() {
  auto config = settings_.current();
  auto or_unset = [](const std::string& s) { return s.empty() ? std::string("(not set by the operator)") : s; };
  return "Copyright infringement notices (DMCA, 17 U.S.C. 512)\n\n"
         "Designated agent\n"
         "  Name:    " + or_unset(config->dmca_agent_name) + "\n"
         "  Address: " + or_unset(config->dmca_agent_address) + "\n"
         "  Email:   " + or_unset(config->dmca_agent_email) + "\n"
         "  Phone:   " + or_unset(config->dmca_agent_phone) + "\n\n"
         "Send a notice with POST /api/dmca/notices. It must include: your signature; the copyrighted work; the\n"
         "URLs of the videos on this site you claim infringe it; your name, address, telephone number and email;\n"
         "the statement that you have a good faith belief the use is not authorized by the copyright owner, its\n"
         "agent, or the law; and the statement that the notice is accurate and, under penalty of perjury, that\n"
         "you are authorized to act on behalf of the owner. The videos are removed at once.\n\n"
         "An uploader who believes a video was removed by mistake or misidentification may send a counter-notice\n"
         "with POST /api/dmca/counter-notices. The video is restored after " +
         std::to_string(config->dmca_restore_business_days) +
         " business days unless the complainant reports\n"
         "an action seeking a court order. Accounts with " + std::to_string(config->dmca_strikes_to_terminate) +
         " unexpired copyright strikes are terminated.\n";
}

}  // namespace marquee::dmca
