#pragma once
// The SQL of retention: a video's retention_days and expires_at columns, and which videos
// have expired. Knows columns, not rules; deleting an expired video is VideoService's job.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"

namespace marquee::views {

struct StoredRetention {
  std::optional<std::int64_t> days;  // NULL: the site default; 0: forever
  Millis created_at = 0;
};

class RetentionStore {
 public:
  explicit RetentionStore(db::Database& db) : db_(db) {}

  std::optional<StoredRetention> find(const std::string& video_id);
  // Sets the override and the expiry it implies. False when there is no such video.
  bool set(const std::string& video_id, std::optional<std::int64_t> days, std::optional<Millis> expires_at);
  // Up to `limit` ids of videos whose own expires_at has passed, then of videos following
  // the site default that were created at or before `default_cutoff` (when given).
  std::vector<std::string> expired(Millis now, std::optional<Millis> default_cutoff, int limit);

 private:
  db::Database& db_;
};

}  // namespace marquee::views
