#pragma once
// Recommendations: similar videos for a watch page and the for-you feed, from content
// vectors (ContentIndex) and co-watch (CoWatchTable), filtered by the same rules as every
// list (visibility, adult opt-in, blocked channels; premium videos listed with is_premium).
// The content index is built from the database by refresh() (at start and whenever it may
// be behind) and kept current between builds by video_changed / video_deleted /
// account_deleted (RecsIndexSync calls them on domain events); co-watch is recomputed by
// every refresh(). It is also the home feed's personaliser: a viewer with history gets
// for-you as their home. Formulas: docs/ranking.md, Recommendations.
//
// Thread safety: safe to share between threads.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "core/ExpiringCache.h"
#include "db/Database.h"
#include "feeds/FeedService.h"
#include "feeds/HomePersonaliser.h"
#include "recs/ContentIndex.h"
#include "recs/CoWatch.h"
#include "recs/ForYouCursor.h"
#include "recs/RecsOptions.h"
#include "recs/RecsStore.h"
#include "recs/SimilarRanking.h"
#include "videos/VideoService.h"

namespace marquee::recs {

struct RecommendedVideo {
  videos::Video video;
  std::optional<int> match;  // 0–100 (MatchScore.h); absent where the list is not a match (cold start)
};

struct RecsPage {
  std::vector<RecommendedVideo> items;
  std::optional<std::string> next_cursor;
};

struct RecsStatus {
  std::size_t indexed_videos = 0;
  std::size_t cowatched_videos = 0;
};

class RecsService final : public feeds::HomePersonaliser {
 public:
  RecsService(db::Database& db, videos::VideoService& videos, feeds::FeedService& feeds, const Clock& clock,
              RecsOptions options);

  // Videos like `video_id`, best first: 404 when the caller may not see that video; never the
  // video itself; only listed videos the caller may see in lists.
  RecsPage similar(const accounts::Caller& caller, const std::string& video_id, std::optional<std::int64_t> limit,
                   bool adult);
  // The for-you feed: the viewer's taste, mixed with recent uploads and a little seeded
  // exploration. Anonymous and cold-start callers get the home feed's blend (no match).
  RecsPage for_you(const accounts::Caller& caller, const feeds::FeedQuery& query);
  // feeds::HomePersonaliser: for-you as the home feed of a viewer with history.
  std::optional<videos::VideoPage> personal_home(const accounts::Principal& viewer,
                                                 const feeds::FeedQuery& query) override;

  // Builds the content index anew when it was never built, may have missed changes or the
  // catalogue grew by a fifth since the last build (its IDF is the catalogue's); recomputes
  // co-watch. Periodic, and on demand (POST /api/admin/recs/refresh).
  RecsStatus refresh();

  // The video's row changed: it is indexed as it is now, or removed when no longer listed.
  void video_changed(const std::string& video_id);
  void video_deleted(const std::string& video_id);
  void account_deleted(const std::string& user_id);
  // Changes may have been missed: the next refresh builds the index anew.
  void missed_changes() { stale_ = true; }

 private:
  // A viewer's for-you ranking as their session began (as_of, seed): both sources, best first,
  // exploration included.
  struct ForYouSession {
    Millis as_of = 0;
    std::uint64_t seed = 0;
    bool personal = false;  // false: nothing the viewer watched is indexed (cold start)
    std::vector<Recommendation> taste_source;  // the taste's neighbours uploaded before the fresh window
    std::vector<Recommendation> fresh_source;  // the fresh window's uploads
  };

  // The viewer's for-you page, or nullopt when nothing they watched is indexed (cold start).
  std::optional<RecsPage> personal_page(const accounts::Principal& viewer, const feeds::FeedQuery& query);
  // The session of the cursor (or a new one), reused for a few seconds: a session's pages and
  // reloads rank once.
  std::shared_ptr<const ForYouSession> session(const accounts::Principal& viewer, bool adult,
                                               const std::optional<ForYouCursor>& cursor);
  ForYouSession rank_session(const accounts::Principal& viewer, bool adult, Millis as_of, std::uint64_t seed);
  void rebuild_index();
  std::shared_ptr<const CoWatchTable> cowatch() const;

  RecsStore store_;
  videos::VideoService& videos_;
  feeds::FeedService& feeds_;
  const Clock& clock_;
  const RecsOptions options_;
  ContentIndex content_;
  // Whether a viewer's history makes their home personal, remembered so that the home feed
  // of a viewer without history stays answerable from memory.
  ExpiringCache<bool> personal_;
  ExpiringCache<ForYouSession> sessions_;

  std::mutex refresh_mutex_;  // one refresh at a time
  std::atomic<bool> stale_{false};
  mutable std::mutex cowatch_mutex_;
  std::shared_ptr<const CoWatchTable> cowatch_;  // guarded by cowatch_mutex_
};

}  // namespace marquee::recs
