#pragma once
// The DMCA's notice-and-takedown procedure (17 U.S.C. §512), as docs/moderation.md explains:
// - a complete notice removes the videos it names at once, gives each uploader a copy (contact
//   details redacted when dmca.redact_complainant_contact) and a copyright strike;
// - the uploader's counter-notice is kept for the complainant (GET /api/dmca/notices/{id} with
//   the notice's access key) and the video returns after dmca.restore_business_days business
//   days, by a durable job (kRestoreJob) that survives restarts, unless a moderator reports the
//   complainant's court action first;
// - an account with dmca.strikes_to_terminate unexpired strikes is terminated (a ban).
// Removals, restores and bans go through ModerationService: one set of effects, audit entries
// and notifications for moderators and the law alike.
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "audit/AuditLog.h"
#include "core/Clock.h"
#include "dmca/DmcaStore.h"
#include "jobs/JobQueue.h"
#include "jobs/WorkerPool.h"
#include "limits/RateLimiter.h"
#include "moderation/ModerationService.h"
#include "settings/SiteSettings.h"
#include "videos/VideoService.h"

namespace marquee::dmca {

// Restores a countered video when its waiting period ends. Payload: {"notice_id", "video_id"}.
inline constexpr const char* kRestoreJob = "dmca_restore";

struct FiledNotice {
  Notice notice;
  std::vector<NoticeVideo> videos;
  std::string access_key;  // shown once: lets the sender follow the notice signed out
};

// A notice as one reader may see it.
struct NoticeView {
  Notice notice;
  std::vector<NoticeVideo> videos;
  std::vector<CounterNotice> counter_notices;
  bool redacted = false;  // the uploader's copy: the complainant's address, phone and email left out
};

class DmcaService {
 public:
  DmcaService(db::Database& db, videos::VideoService& videos, moderation::ModerationService& moderation,
              audit::AuditLog& audit, settings::SiteSettings& settings, limits::RateLimiter& limiter,
              jobs::JobQueue& queue, const Clock& clock);

  // 400 naming every missing element (or a URL that names no video here); 429 past
  // moderation.reports_per_hour per sender.
  FiledNotice file_notice(const accounts::Caller& caller, const boost::json::object& body,
                          const std::string& client_address, const std::string& request_id);
  // Moderators; the sender (signed in as when they sent it, or with `access_key`); the uploader
  // of a video it names (redacted as configured). 404 for anyone else.
  NoticeView notice(const accounts::Caller& caller, const std::string& id, const std::string& access_key);
  // The uploader of a removed video: 404 when the notice did not name a video of theirs, 409 when
  // it was countered already or is not removed. Returns the counter-notice and when the video returns.
  std::pair<CounterNotice, Millis> file_counter_notice(const accounts::Principal& who, const boost::json::object& body,
                                                       const std::string& request_id);
  // A moderator records that the complainant filed an action seeking a court order: the
  // notice's countered videos stay down.
  NoticeView report_court_action(const accounts::Principal& moderator, const std::string& notice_id,
                                 const std::string& request_id);
  // The kRestoreJob handler.
  void restore_when_due(jobs::JobContext& job);
  std::vector<Strike> strikes(const accounts::Principal& who);
  // The designated agent, from the settings, for GET /dmca.
  std::string agent_page();

 private:
  void strike_and_maybe_terminate(const std::string& owner_id, const std::string& notice_id,
                                  const std::string& video_id, const std::string& request_id);

  DmcaStore store_;
  videos::VideoService& videos_;
  moderation::ModerationService& moderation_;
  audit::AuditLog& audit_;
  settings::SiteSettings& settings_;
  limits::RateLimiter& limiter_;
  jobs::JobQueue& queue_;
  const Clock& clock_;
};

}  // namespace marquee::dmca
