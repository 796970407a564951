#include "views/RetentionService.h"

#include <spdlog/spdlog.h>

#include "core/Error.h"
#include "videos/VideoPolicy.h"

namespace marquee::views {
namespace {

constexpr Millis kDayMs = 24ll * 3600 * 1000;
constexpr int kSweepBatch = 100;
constexpr int kMaxSweepRounds = 10;

std::optional<Millis> expiry(Millis created_at, std::int64_t days) {
  if (days <= 0) return std::nullopt;
  return created_at + days * kDayMs;
}

}  // namespace

void RetentionService::require_manager(const accounts::Principal& who, const std::string& video_id) {
  videos::Video video = videos_.get(accounts::Caller(who), video_id);
  if (!videos::may_manage(who, video)) throw_forbidden("only the owner or a moderator may change retention");
}

RetentionSetting RetentionService::setting_of(const std::string& video_id, const StoredRetention& stored) const {
  RetentionSetting setting;
  setting.video_id = video_id;
  setting.days = stored.days;
  setting.site_default_days = default_days_;
  setting.expires_at = expiry(stored.created_at, stored.days.value_or(default_days_));
  return setting;
}

RetentionSetting RetentionService::get(const accounts::Principal& who, const std::string& video_id) {
  require_manager(who, video_id);
  auto stored = store_.find(video_id);
  if (!stored) throw_not_found("video");
  return setting_of(video_id, *stored);
}

RetentionSetting RetentionService::set(const accounts::Principal& who, const std::string& video_id,
                                       std::optional<std::int64_t> days) {
  if (days && (*days < 0 || *days > kMaxRetentionDays)) {
    throw_validation("days", "days must be between 0 (keep forever) and " + std::to_string(kMaxRetentionDays));
  }
  require_manager(who, video_id);
  auto stored = store_.find(video_id);
  if (!stored) throw_not_found("video");
  stored->days = days;
  if (!store_.set(video_id, days, days ? expiry(stored->created_at, *days) : std::nullopt)) throw_not_found("video");
  return setting_of(video_id, *stored);
}

int RetentionService::sweep() {
  int deleted = 0;
  for (int round = 0; round < kMaxSweepRounds; ++round) {
    const Millis now = clock_.now_ms();
    std::optional<Millis> default_cutoff;
    if (default_days_ > 0) default_cutoff = now - default_days_ * kDayMs;
    auto ids = store_.expired(now, default_cutoff, kSweepBatch);
    for (const auto& id : ids) {
      try {
        if (videos_.purge(id)) ++deleted;
      } catch (const std::exception& e) {
        spdlog::warn("retention: deleting expired video {} failed: {}", id, e.what());
      }
    }
    if (ids.size() < static_cast<std::size_t>(kSweepBatch)) break;
  }
  if (deleted > 0) spdlog::info("retention: deleted {} expired videos", deleted);
  return deleted;
}

}  // namespace marquee::views
