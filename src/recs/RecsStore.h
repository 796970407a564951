#pragma once
// The SQL of recommendations: the listed catalogue for the content index (public, published
// videos of existing accounts: the feeds' rule), watch history for co-watch and for each
// viewer's taste, and recent uploads for the for-you feed. Knows tables, not rules.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"
#include "recs/CoWatch.h"
#include "recs/ContentIndex.h"
#include "recs/ViewerTaste.h"

namespace marquee::recs {

class RecsStore {
 public:
  explicit RecsStore(db::Database& db) : db_(db) {}

  // Every listed video, in id order, read `page_size` at a time.
  void each_listed(const std::function<void(const CatalogueEntry&)>& visit, int page_size = 5'000);
  // The video when it is listed.
  std::optional<CatalogueEntry> listed(const std::string& video_id);
  // Each viewer's `per_viewer` most recent watches of listed videos, watched since `since`,
  // with their completion.
  std::vector<WatchRecord> recent_watches(std::size_t per_viewer, Millis since);
  // The user's watches, most recent first, at most `limit`; only those first watched at or
  // before `as_of` (a feed session's history stays as it began).
  std::vector<ViewerWatch> history(const std::string& user_id, Millis as_of, std::size_t limit);
  // Listed videos uploaded in (since, until], newest first.
  std::vector<std::string> uploads_between(Millis since, Millis until, int limit);

 private:
  db::Database& db_;
};

}  // namespace marquee::recs
