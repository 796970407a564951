#include "search/SearchStore.h"

#include <unordered_map>

#include "videos/VideoRow.h"

namespace marquee::search {
namespace {

using db::Dialect;
using db::Value;

// A statement under construction: conditions joined with AND, parameters in textual order.
struct Statement {
  std::vector<std::string> conditions;
  std::vector<Value> params;

  void add(std::string condition, std::vector<Value> values) {
    conditions.push_back(std::move(condition));
    params.insert(params.end(), values.begin(), values.end());
  }
  void add(const Statement& other) {
    conditions.insert(conditions.end(), other.conditions.begin(), other.conditions.end());
    params.insert(params.end(), other.params.begin(), other.params.end());
  }

  std::string where() const {
    std::string out;
    for (std::size_t i = 0; i < conditions.size(); ++i) out += (i == 0 ? " WHERE " : " AND ") + conditions[i];
    return out;
  }
};

// Leaves out what belongs to a channel the viewer (the parameter) blocked.
std::string not_blocked(const char* owner_column) {
  return std::string("NOT EXISTS (SELECT 1 FROM blocks b WHERE b.user_id = ? AND b.blocked_user_id = ") + owner_column +
         ")";
}

void add_not_blocked(std::string& sql, std::vector<Value>& params, const SearchViewer& viewer, const char* owner_column) {
  if (!viewer.user_id || !viewer.blocks_any) return;
  sql += " AND " + not_blocked(owner_column);
  params.emplace_back(*viewer.user_id);
}

// video_search.upload_day (PostgreSQL): whole days since the epoch.
std::int64_t upload_day(Millis at) { return at / 86'400'000; }

constexpr Millis kShortMs = 4 * 60'000;
constexpr Millis kLongMs = 20 * 60'000;

// The per-viewer rules and the filters, on the facts table `d` (video_id, owner_id, is_adult,
// category, duration_ms, created_at).
void add_video_filters(Statement& s, const VideoFilters& filters, const SearchViewer& viewer) {
  if (!viewer.adult_allowed) s.conditions.emplace_back("NOT d.is_adult");
  if (viewer.user_id && viewer.blocks_any) {
    s.conditions.push_back(not_blocked("d.owner_id"));
    s.params.emplace_back(*viewer.user_id);
  }
  if (filters.tag) {
    s.conditions.emplace_back("d.video_id IN (SELECT t.video_id FROM video_tags t WHERE t.tag = ?)");
    s.params.emplace_back(*filters.tag);
  }
  if (filters.category) {
    s.conditions.emplace_back("d.category = ?");
    s.params.emplace_back(*filters.category);
  }
  if (filters.duration) {
    switch (*filters.duration) {
      case DurationFilter::short_:
        s.conditions.emplace_back("d.duration_ms < ?");
        s.params.emplace_back(kShortMs);
        break;
      case DurationFilter::medium:
        s.conditions.emplace_back("d.duration_ms >= ? AND d.duration_ms <= ?");
        s.params.emplace_back(kShortMs);
        s.params.emplace_back(kLongMs);
        break;
      case DurationFilter::long_:
        s.conditions.emplace_back("d.duration_ms > ?");
        s.params.emplace_back(kLongMs);
        break;
    }
  }
  if (filters.uploaded_since) {
    s.conditions.emplace_back("d.created_at >= ?");
    s.params.emplace_back(*filters.uploaded_since);
  }
}

// bm25 weights of title, tags, channel, description; ts_rank's are {D, C, B, A}.
constexpr const char* kBm25 = "bm25(video_search, 10.0, 5.0, 3.0, 1.0)";
constexpr const char* kTsWeights = "'{0.1, 0.3, 0.5, 1.0}'";

std::string order_of(SearchSort sort) {
  switch (sort) {
    case SearchSort::relevance: return " ORDER BY relevance DESC, d.video_id";
    case SearchSort::date: return " ORDER BY d.created_at DESC, d.video_id DESC";
    case SearchSort::views: return " ORDER BY v.views_count DESC, d.video_id DESC";
    case SearchSort::rating: return " ORDER BY v.likes_count - v.dislikes_count DESC, v.likes_count DESC, d.video_id DESC";
  }
  return "";
}

VideoHit hit_from(const db::Row& row) {
  return {row.str("id"), row.f64("relevance"), row.i64("created_at"), row.i64("views_count"), row.str("title")};
}

}  // namespace

std::vector<VideoHit> SearchStore::videos(const VideoMatch& match) {
  const bool sqlite = db_.dialect() == Dialect::sqlite;
  // The filters and the viewer's rules, on the facts `d`. A broad query's newest matches are
  // the newest of those that pass them.
  Statement filters;
  add_video_filters(filters, match.filters, match.viewer);
  std::vector<Value> params;  // in textual order
  std::string relevance = "0";
  std::string from;
  Statement s;
  if (match.expression && sqlite) {
    from = "video_search JOIN search_documents d ON d.doc = video_search.rowid";
    if (match.text_ranked) relevance = std::string("-") + kBm25;
    s.add("video_search MATCH ?", {*match.expression});
    s.add(filters);
    if (match.broad) {
      // Walking the index backwards to the last of the newest kRankedCandidates costs no
      // ranking, and the rowid bound then limits what bm25 reads.
      std::vector<Value> walk = s.params;
      walk.emplace_back(std::int64_t{kRankedCandidates - 1});
      const db::Result floor = db_.query("SELECT video_search.rowid AS doc FROM " + from + s.where() +
                                             " ORDER BY video_search.rowid DESC LIMIT 1 OFFSET ?",
                                         walk);
      if (!floor.empty()) s.add("video_search.rowid >= ?", {floor.front().i64("doc")});
    }
  } else if (match.expression) {
    if (match.text_ranked) {
      relevance = std::string("ts_rank(") + kTsWeights + ", d.document, to_tsquery('simple', ?))";
      params.emplace_back(*match.expression);
    }
    if (match.newest_since) {
      // Both at once in the GIN index: the words and the upload days. "+ 0": the upload-time
      // index would only add work.
      from = "video_search d";
      s.add("d.document @@ to_tsquery('simple', ?) AND d.upload_day >= ? AND d.created_at + 0 >= ?",
            {*match.expression, upload_day(*match.newest_since), *match.newest_since});
      s.add(filters);
    } else if (match.broad) {
      // No recency window to look in: the newest of every match. With few of them, "+ 0" keeps
      // the planner from walking the upload-time index instead, which reads every row when it
      // guesses an uncommon word's matches too high; otherwise it chooses.
      Statement inner;
      inner.add("d.document @@ to_tsquery('simple', ?)", {*match.expression});
      inner.add(filters);
      from = "(SELECT d.video_id, d.owner_id, d.is_adult, d.category, d.duration_ms, d.created_at, d.document "
             "FROM video_search d" + inner.where() + " ORDER BY d.created_at" + (match.few_matches ? " + 0" : "") +
             " DESC LIMIT " + std::to_string(kRankedCandidates) + ") d";
      params.insert(params.end(), inner.params.begin(), inner.params.end());
    } else {
      from = "video_search d";
      s.add("d.document @@ to_tsquery('simple', ?)", {*match.expression});
      s.add(filters);
    }
  } else {
    from = sqlite ? "search_documents d" : "video_search d";
    s.add(filters);
  }
  params.insert(params.end(), s.params.begin(), s.params.end());
  params.emplace_back(std::int64_t{match.limit});
  params.emplace_back(match.offset);
  std::string sql;
  if (match.sort == SearchSort::relevance || match.sort == SearchSort::date) {
    // Ranked on the index alone; only the page's rows are joined with videos.
    sql = "SELECT c.id AS id, c.relevance AS relevance, c.created_at AS created_at, v.views_count AS views_count, "
          "v.title AS title FROM (SELECT d.video_id AS id, " + relevance + " AS relevance, d.created_at AS created_at "
          "FROM " + from + s.where() + order_of(match.sort) + " LIMIT ? OFFSET ?) c JOIN videos v ON v.id = c.id";
  } else {
    sql = "SELECT d.video_id AS id, " + relevance + " AS relevance, d.created_at AS created_at, "
          "v.views_count AS views_count, v.title AS title FROM " + from + " JOIN videos v ON v.id = d.video_id" +
          s.where() + order_of(match.sort) + " LIMIT ? OFFSET ?";
  }
  std::vector<VideoHit> hits;
  for (auto row : db_.query_planned_each_time(sql, params)) hits.push_back(hit_from(row));
  // The outer join may lose the inner order: put it back.
  if (match.sort == SearchSort::relevance) {
    std::stable_sort(hits.begin(), hits.end(), [](const VideoHit& a, const VideoHit& b) {
      return a.relevance != b.relevance ? a.relevance > b.relevance : a.id < b.id;
    });
  } else if (match.sort == SearchSort::date) {
    std::stable_sort(hits.begin(), hits.end(), [](const VideoHit& a, const VideoHit& b) {
      return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
    });
  }
  return hits;
}

WindowMatches SearchStore::newest_matches(const VideoMatch& match, Millis since) {
  Statement s;
  s.add("d.document @@ to_tsquery('simple', ?) AND d.upload_day >= ?", {match.expression.value_or(""), upload_day(since)});
  add_video_filters(s, match.filters, match.viewer);
  const db::Result result = db_.query_planned_each_time(
      "SELECT COUNT(*) AS matched, COALESCE(MIN(w.created_at), 0) AS oldest FROM (SELECT d.created_at AS created_at "
      "FROM video_search d" + s.where() + " ORDER BY d.created_at DESC LIMIT " + std::to_string(kRankedCandidates) +
      ") w",
      s.params);
  return {result.front().i64("matched"), result.front().i64("oldest")};
}

std::vector<RecencyWindow> SearchStore::recency_windows(const std::vector<std::int64_t>& sizes) {
  std::vector<RecencyWindow> windows;
  for (std::int64_t size : sizes) {
    const db::Result row =
        db_.query("SELECT created_at FROM video_search ORDER BY created_at DESC LIMIT 1 OFFSET ?", {size - 1});
    if (row.empty()) break;
    windows.push_back({size, row.front().i64("created_at")});
  }
  return windows;
}

std::vector<videos::Video> SearchStore::listed_videos(const std::vector<std::string>& ids) {
  if (ids.empty()) return {};
  const std::size_t size = db::padded_size(ids.size());
  std::vector<Value> params;
  for (std::size_t i = 0; i < size; ++i) params.emplace_back(ids[std::min(i, ids.size() - 1)]);
  const std::string sql = std::string("SELECT ") + videos::kVideoColumns +
                          " FROM videos v JOIN users u ON u.id = v.owner_id WHERE v.id IN (" +
                          db::placeholders(size) + ") AND " + videos::listed_condition();
  std::unordered_map<std::string, videos::Video> found;
  for (auto row : db_.query(sql, params)) {
    auto video = videos::video_from_row(row);
    found.emplace(video.id, std::move(video));
  }
  std::vector<videos::Video> out;
  for (const auto& id : ids) {
    auto it = found.find(id);
    if (it != found.end()) out.push_back(it->second);
  }
  return out;
}

std::vector<ChannelHit> SearchStore::channels(const std::string& expression, const SearchViewer& viewer,
                                              std::int64_t offset, int limit) {
  const bool sqlite = db_.dialect() == Dialect::sqlite;
  std::string sql =
      "SELECT u.id AS id, u.username AS username, u.display_name AS display_name, u.avatar_url AS avatar_url, "
      "u.subscriber_count AS subscriber_count FROM ";
  sql += sqlite ? "channel_search s JOIN users u ON u.id = s.user_id WHERE channel_search MATCH ?"
                : "channel_search s JOIN users u ON u.id = s.user_id WHERE s.document @@ to_tsquery('simple', ?)";
  std::vector<Value> params{expression};
  add_not_blocked(sql, params, viewer, "u.id");
  sql += " ORDER BY u.subscriber_count DESC, u.username_key LIMIT ? OFFSET ?";
  params.emplace_back(std::int64_t{limit});
  params.emplace_back(offset);
  std::vector<ChannelHit> out;
  for (auto row : db_.query_planned_each_time(sql, params)) {
    out.push_back({row.str("id"), row.str("username"), row.str("display_name"), row.str("avatar_url"),
                   row.i64("subscriber_count")});
  }
  return out;
}

std::vector<PlaylistHit> SearchStore::playlists(const std::string& expression, const SearchViewer& viewer,
                                                std::int64_t offset, int limit) {
  const bool sqlite = db_.dialect() == Dialect::sqlite;
  std::string sql =
      "SELECT p.id AS id, p.title AS title, p.description AS description, p.owner_id AS owner_id, "
      "u.username AS owner_username, p.updated_at AS updated_at, "
      "(SELECT COUNT(*) FROM playlist_items i JOIN videos v ON v.id = i.video_id WHERE i.playlist_id = p.id "
      "AND " + videos::listed_condition() + ") AS video_count, ";
  sql += sqlite ? "-bm25(playlist_search, 0.0, 10.0, 1.0) AS relevance FROM playlist_search s "
                  "JOIN playlists p ON p.id = s.playlist_id JOIN users u ON u.id = p.owner_id "
                  "WHERE playlist_search MATCH ?"
                : "ts_rank(s.document, to_tsquery('simple', ?)) AS relevance FROM playlist_search s "
                  "JOIN playlists p ON p.id = s.playlist_id JOIN users u ON u.id = p.owner_id "
                  "WHERE s.document @@ to_tsquery('simple', ?)";
  std::vector<Value> params{expression};
  if (!sqlite) params.emplace_back(expression);
  add_not_blocked(sql, params, viewer, "p.owner_id");
  sql += " ORDER BY relevance DESC, p.id LIMIT ? OFFSET ?";
  params.emplace_back(std::int64_t{limit});
  params.emplace_back(offset);
  std::vector<PlaylistHit> out;
  for (auto row : db_.query_planned_each_time(sql, params)) {
    out.push_back({row.str("id"), row.str("title"), row.str("description"), row.str("owner_id"),
                   row.str("owner_username"), row.i64("video_count"), row.i64("updated_at")});
  }
  return out;
}

bool SearchStore::blocks_any(const std::string& user_id) {
  return !db_.query("SELECT 1 AS one FROM blocks WHERE user_id = ? LIMIT 1", {user_id}).empty();
}

std::string SearchStore::prefix_range(const char* column) const {
  // Byte order, whatever the PostgreSQL database's collation (a linguistic one ignores the
  // bound's last character); the migration indexes both columns so.
  const std::string c = db_.dialect() == Dialect::postgres ? std::string(column) + " COLLATE \"C\"" : column;
  return c + " >= ? AND " + c + " < ?";
}

std::vector<NameCount> SearchStore::tags(const std::string& prefix, std::int64_t offset, int limit) {
  std::vector<NameCount> out;
  db::Result result;
  if (prefix.empty()) {
    result = db_.query("SELECT tag, videos FROM tag_counts ORDER BY videos DESC, tag LIMIT ? OFFSET ?",
                       {std::int64_t{limit}, offset});
  } else {
    // Tags are lower-case text: those starting with the prefix sort between it and the prefix
    // followed by the highest code point.
    result = db_.query(
        "SELECT tag, videos FROM tag_counts WHERE " + prefix_range("tag") + " ORDER BY videos DESC, tag LIMIT ? OFFSET ?",
        {prefix, prefix + "\xF4\x8F\xBF\xBF", std::int64_t{limit}, offset});
  }
  for (auto row : result) out.push_back({row.str("tag"), row.i64("videos")});
  return out;
}

std::vector<NameCount> SearchStore::categories() {
  std::vector<NameCount> out;
  for (auto row : db_.query("SELECT category, videos FROM category_counts ORDER BY videos DESC, category")) {
    out.push_back({row.str("category"), row.i64("videos")});
  }
  return out;
}

std::vector<VocabularyTerm> SearchStore::vocabulary() {
  std::vector<VocabularyTerm> out;
  const char* sql = db_.dialect() == Dialect::sqlite
                        ? "SELECT term AS word, doc AS documents FROM video_search_terms"
                        : "SELECT word, ndoc AS documents FROM ts_stat('SELECT document FROM video_search')";
  for (auto row : db_.query(sql)) out.push_back({row.str("word"), row.i64("documents")});
  return out;
}

std::int64_t SearchStore::indexed_videos() {
  return db_.query(db_.dialect() == Dialect::sqlite ? "SELECT COUNT(*) AS n FROM search_documents"
                                                   : "SELECT COUNT(*) AS n FROM video_search")
      .front()
      .i64("n");
}

std::vector<std::string> SearchStore::popular_titles(int limit) {
  std::vector<std::string> out;
  for (auto row : db_.query("SELECT v.title AS title FROM videos v WHERE " + videos::listed_condition() +
                                " AND NOT v.is_adult ORDER BY v.views_count DESC LIMIT ?",
                            {std::int64_t{limit}})) {
    out.push_back(row.str("title"));
  }
  return out;
}

std::vector<std::string> SearchStore::channel_names(const std::string& prefix, int limit) {
  std::vector<std::string> out;
  // Most followed among the first few hundred names in the prefix's range: bounded work.
  for (auto row : db_.query("SELECT username FROM (SELECT username, subscriber_count FROM users "
                            "WHERE " + prefix_range("username_key") + " ORDER BY username_key LIMIT 500) n "
                            "ORDER BY subscriber_count DESC, username LIMIT ?",
                            {prefix, prefix + "\x7F", std::int64_t{limit}})) {
    out.push_back(row.str("username"));
  }
  return out;
}

void SearchStore::log_searches(std::int64_t day, const std::vector<QueryStat>& searches) {
  if (searches.empty()) return;
  db_.write([&](db::Connection& c) {
    for (const auto& s : searches) {
      c.exec("INSERT INTO search_query_days (day, query, searches, zero_results) VALUES (?, ?, ?, ?) "
             "ON CONFLICT (day, query) DO UPDATE SET searches = search_query_days.searches + excluded.searches, "
             "zero_results = search_query_days.zero_results + excluded.zero_results",
             {day, s.query, s.searches, s.zero_results});
    }
  });
}

std::vector<QueryStat> SearchStore::query_stats(std::int64_t since_day, bool zero_only, int limit) {
  std::vector<QueryStat> out;
  const std::string sql = std::string("SELECT query, SUM(searches) AS searches, SUM(zero_results) AS zero_results "
                                      "FROM search_query_days WHERE day >= ? GROUP BY query ") +
                          (zero_only ? "HAVING SUM(zero_results) > 0 ORDER BY SUM(zero_results) DESC, query "
                                     : "ORDER BY SUM(searches) DESC, query ") +
                          "LIMIT ?";
  for (auto row : db_.query(sql, {since_day, std::int64_t{limit}})) {
    out.push_back({row.str("query"), row.i64("searches"), row.i64("zero_results")});
  }
  return out;
}

std::int64_t SearchStore::prune_log(std::int64_t before_day) {
  return db_.execute("DELETE FROM search_query_days WHERE day < ?", {before_day}).affected_rows();
}

}  // namespace marquee::search
