#pragma once
// Retention: videos that delete themselves. A site may keep every video for
// retention.default_days (0 keeps them forever, the default); an owner may override that
// per video with N days (the video expires N days after it was created) or 0 (forever).
// sweep() deletes expired videos through VideoService::purge, the same path as a delete by
// the owner, so their jobs stop, their files go and every row that references them
// cascades. Several processes may sweep at once: a video deleted by one is skipped by the
// others.
#include <cstdint>
#include <optional>
#include <string>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "db/Database.h"
#include "videos/VideoService.h"
#include "views/RetentionStore.h"

namespace marquee::views {

inline constexpr std::int64_t kMaxRetentionDays = 36'500;

struct RetentionSetting {
  std::string video_id;
  std::optional<std::int64_t> days;     // the video's override; nullopt: the site default applies
  std::int64_t site_default_days = 0;
  std::optional<Millis> expires_at;     // when the video will be deleted, override and default considered
};

class RetentionService {
 public:
  RetentionService(db::Database& db, videos::VideoService& videos, const Clock& clock, std::int64_t default_days)
      : store_(db), videos_(videos), clock_(clock), default_days_(default_days) {}

  // For the owner and moderators; 404 for those who may not see the video, 403 for others.
  RetentionSetting get(const accounts::Principal& who, const std::string& video_id);
  // Sets (days) or clears (nullopt) the override; 400 unless 0 <= days <= kMaxRetentionDays.
  RetentionSetting set(const accounts::Principal& who, const std::string& video_id, std::optional<std::int64_t> days);
  // Deletes every expired video; returns how many it deleted.
  int sweep();

 private:
  RetentionSetting setting_of(const std::string& video_id, const StoredRetention& stored) const;
  void require_manager(const accounts::Principal& who, const std::string& video_id);

  RetentionStore store_;
  videos::VideoService& videos_;
  const Clock& clock_;
  const std::int64_t default_days_;
};

}  // namespace marquee::views
