#pragma once
// Search (docs/search.md): videos, channels and playlists by words with typo tolerance,
// prefixes, phrases and exclusions; filters and sorts; suggestions as you type; tags and
// categories with counts; the query log and its statistics. Everything found is listed
// (public, watchable, not held or removed) and passes the per-viewer rules every list applies:
// adult videos only for callers past the age gate who ask, never a channel the caller blocked; premium videos appear
// with is_premium set (playback enforces the lock).
//
// Thread safety: safe to share between threads.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "db/Database.h"
#include "search/MatchExpression.h"
#include "search/RecencyWindows.h"
#include "search/SearchFilters.h"
#include "search/SearchLog.h"
#include "search/SearchQuery.h"
#include "search/SearchStore.h"
#include "search/SearchVocabulary.h"
#include "videos/Video.h"

namespace marquee::search {

struct SearchRequest {
  std::string q;
  ResultType type = ResultType::video;
  std::optional<SearchSort> sort;  // default: relevance with words, else newest
  std::optional<std::string> tag;
  std::optional<std::string> category;
  std::optional<DurationFilter> duration;
  std::optional<UploadedFilter> uploaded;
  std::optional<std::string> cursor;
  std::optional<std::int64_t> limit;
  bool adult = false;  // the caller asked for adult videos (?adult=true) and passed the age gate
};

// One result of a search, in order: a video, a channel or a playlist.
struct SearchItem {
  std::optional<videos::Video> video;
  bool partial = false;  // the video matches only some of the words
  std::optional<ChannelHit> channel;
  std::optional<PlaylistHit> playlist;
};

struct SearchResults {
  std::vector<SearchItem> items;
  std::optional<std::string> next_cursor;
  // The typo corrections searched besides each word as typed.
  std::map<std::string, std::vector<std::string>> corrections;
  // Stop words of the query that were left out of matching (SearchVocabulary::is_stop_word).
  std::vector<std::string> ignored;
};

struct Suggestion {
  std::string text;
  std::string kind;  // query | completion | title | tag | channel
};

struct CategoryCount {
  std::string name;
  std::int64_t videos = 0;
};

struct SearchOptions {
  std::vector<std::string> categories;
  int log_retention_days = 30;
};

class SearchService {
 public:
  SearchService(db::Database& db, const Clock& clock, SearchOptions options);

  SearchResults search(const accounts::Caller& caller, const SearchRequest& request);
  // Completions of what is being typed, the most likely first (at most 10).
  std::vector<Suggestion> suggest(const std::string& q);
  // Tags of listed videos starting with `prefix`, most used first; cursor-paginated.
  std::vector<NameCount> tags(const std::string& prefix, std::optional<std::string> cursor,
                              std::optional<std::int64_t> limit, std::optional<std::string>& next_cursor);
  // The configured categories with their listed videos, in configured order.
  std::vector<CategoryCount> categories();
  // Top and zero-result queries of the last `days` days (admins).
  std::vector<QueryStat> query_stats(const accounts::Principal& admin, int days, bool zero_only, int limit);

  // Reloads the vocabulary, popular titles and popular queries (periodically, and on request).
  void refresh();
  // Writes counted searches, and drops log days past retention.
  void flush_log();

 private:
  struct Page;
  SearchViewer viewer_of(const accounts::Caller& caller, bool adult);
  // Drops repeated terms, and stop words when the query has other words that all exist.
  void leave_out_stop_words(ParsedQuery& query, std::vector<std::string>& ignored) const;
  // A single word (not being typed) more than half the listed videos hold.
  bool is_stop_term(const QueryTerm& term) const;
  // Video hits in `sort` order from `offset`: relevance pages come from ranked windows.
  std::vector<VideoHit> ranked(const ParsedQuery& query, MatchMode mode, const VideoFilters& filters,
                               const SearchViewer& viewer, SearchSort sort, std::int64_t offset, int limit);
  // An upper bound of the listed videos the query matches, from the vocabulary (0 when it does
  // not know the words: a reload has not seen them, so they are rare).
  std::int64_t estimated_matches(const ParsedQuery& query, MatchMode mode) const;
  // PostgreSQL, a broad query: where its newest kRankedCandidates matches lie (newest_since),
  // probed in the recency window the estimate calls for and once more in a window sized by
  // what the first held. Neither when no window fits (the estimate is small enough to read every
  // match) or the query matches far fewer videos than estimated (a conjunction of common words,
  // or a narrow filter: then the planner chooses how to find them).
  void find_newest_matches(VideoMatch& match, std::int64_t estimate);
  void search_videos(const ParsedQuery& query, const VideoFilters& filters, const SearchViewer& viewer,
                     SearchSort sort, const Page& page, SearchResults& out);

  SearchStore store_;
  SearchLog log_;
  SearchVocabulary vocabulary_;
  RecencyWindows recency_;  // loaded on PostgreSQL only
  const Clock& clock_;
  const SearchOptions options_;

  struct Popular {
    std::vector<QueryStat> queries;  // most searched first, each with results
    std::vector<std::pair<std::string, std::string>> titles;  // (folded words, title), most viewed first
  };
  mutable std::mutex popular_mutex_;
  std::shared_ptr<const Popular> popular_ = std::make_shared<Popular>();  // guarded by popular_mutex_
};

}  // namespace marquee::search
