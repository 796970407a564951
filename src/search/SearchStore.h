#pragma once
// The SQL of search: matches in the full-text indexes the 0015 migration keeps (FTS5 on
// SQLite, tsvector + GIN on PostgreSQL) with the filters and per-viewer rules, the rows of the
// videos found, tag and category counts, the vocabulary, and the query log. Knows tables, not
// rules: SearchService decides what is asked and how results rank.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/Database.h"
#include "search/RecencyWindows.h"
#include "search/SearchFilters.h"
#include "search/SearchVocabulary.h"
#include "videos/Video.h"

namespace marquee::search {

// A listed video a query matched, with what ranking it needs.
struct VideoHit {
  std::string id;
  double relevance = 0;  // text relevance, higher is better (bm25 or ts_rank)
  Millis created_at = 0;
  std::int64_t views = 0;
  std::string title;
};

struct VideoMatch {
  std::optional<std::string> expression;  // the engine's match expression; nullopt: every listed video
  VideoFilters filters;
  SearchViewer viewer;
  SearchSort sort = SearchSort::relevance;
  // Matches more than kRankedCandidates videos (as the vocabulary estimates): only the newest
  // kRankedCandidates that pass the filters and the viewer's rules are ordered, whatever the sort.
  bool broad = false;
  // PostgreSQL, broad without a recency window: few enough matches to read every one (else a
  // filter thinned them, and the planner chooses how to find the newest).
  bool few_matches = false;
  // False: every word is a stop word, and matches are ranked by the prior alone (relevance 0).
  bool text_ranked = true;
  // PostgreSQL: the newest kRankedCandidates matches of a broad query were uploaded since then
  // (SearchService found it with newest_matches), so ranking reads those rows only.
  std::optional<Millis> newest_since;
  std::int64_t offset = 0;
  int limit = 20;
};

// What a recency window holds of a query's matches (PostgreSQL).
struct WindowMatches {
  std::int64_t matched = 0;  // up to kRankedCandidates
  Millis oldest = 0;         // the upload time of the oldest of them
};

struct ChannelHit {
  std::string id;
  std::string username;
  std::string display_name;
  std::string avatar_url;
  std::int64_t subscriber_count = 0;
};

struct PlaylistHit {
  std::string id;
  std::string title;
  std::string description;
  std::string owner_id;
  std::string owner_username;
  std::int64_t video_count = 0;
  Millis updated_at = 0;
};

struct NameCount {
  std::string name;
  std::int64_t videos = 0;
};

struct QueryStat {
  std::string query;
  std::int64_t searches = 0;
  std::int64_t zero_results = 0;
};

// At most this many matches of a query, the newest, are ranked: a query of words most videos
// hold would otherwise rank the whole catalogue (docs/search.md).
inline constexpr int kRankedCandidates = 1'000;

class SearchStore {
 public:
  explicit SearchStore(db::Database& db) : db_(db) {}

  db::Dialect dialect() const { return db_.dialect(); }

  // Matching listed videos in `match.sort` order (relevance: best first; then newest, most
  // viewed, best liked), `match.limit` from `match.offset`.
  std::vector<VideoHit> videos(const VideoMatch& match);
  // PostgreSQL: the newest matches of `match` (its words, filters and viewer's rules; up to
  // kRankedCandidates) among the listed videos uploaded since the day of `since`.
  WindowMatches newest_matches(const VideoMatch& match, Millis since);
  // PostgreSQL: the upload time since which each of `sizes` listed videos were uploaded (sizes
  // below the index's count; RecencyWindows).
  std::vector<RecencyWindow> recency_windows(const std::vector<std::int64_t>& sizes);
  // The rows of those of `ids` that are still listed, in the order of `ids`.
  std::vector<videos::Video> listed_videos(const std::vector<std::string>& ids);
  // Channels whose name matches, most followed first; never one the viewer blocked.
  std::vector<ChannelHit> channels(const std::string& expression, const SearchViewer& viewer, std::int64_t offset,
                                   int limit);
  // Public user playlists whose title or description matches, best first.
  std::vector<PlaylistHit> playlists(const std::string& expression, const SearchViewer& viewer, std::int64_t offset,
                                     int limit);
  // Whether the user blocked any channel.
  bool blocks_any(const std::string& user_id);

  // Tags of listed videos starting with `prefix` (lower-case), most used first.
  std::vector<NameCount> tags(const std::string& prefix, std::int64_t offset, int limit);
  // Listed videos per category (categories with none are absent).
  std::vector<NameCount> categories();
  // The video index's words with how many listed videos hold each.
  std::vector<VocabularyTerm> vocabulary();
  // How many listed videos the index holds.
  std::int64_t indexed_videos();
  // The titles of the `limit` most viewed listed videos (suggestions).
  std::vector<std::string> popular_titles(int limit);
  // Usernames starting with `prefix` (ASCII case ignored), most followed first.
  std::vector<std::string> channel_names(const std::string& prefix, int limit);

  // Adds counted searches of one day to the log.
  void log_searches(std::int64_t day, const std::vector<QueryStat>& searches);
  // The most searched queries since `since_day`; with `zero_only`, those that found nothing,
  // most often first.
  std::vector<QueryStat> query_stats(std::int64_t since_day, bool zero_only, int limit);
  // Deletes the log's days before `day`; returns the rows deleted.
  std::int64_t prune_log(std::int64_t before_day);

 private:
  // `column >= ? AND column < ?`, compared byte by byte: a prefix's range.
  std::string prefix_range(const char* column) const;
  db::Database& db_;
};

}  // namespace marquee::search
