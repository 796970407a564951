#include "search/SearchService.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <unordered_set>

#include "core/Error.h"
#include "core/Text.h"
#include "search/MatchExpression.h"
#include "search/SearchRanking.h"
#include "search/SearchText.h"
#include "social/PageLimit.h"
#include "videos/VideoFieldRules.h"

namespace marquee::search {
namespace {

// When fewer videos than this match every word, videos matching some of them follow.
constexpr std::int64_t kPartialThreshold = 10;
// How deep relevance results go (further pages end the list), and partial ones.
constexpr std::int64_t kMaxRelevanceDepth = 1000;
constexpr std::int64_t kMaxPartialDepth = kRankingWindow;
// What type=all shows of channels and playlists above the videos of its first page.
constexpr int kAllChannels = 3;
constexpr int kAllPlaylists = 3;
constexpr std::size_t kMaxSuggestions = 10;
constexpr int kPopularTitles = 20'000;
constexpr int kPopularQueries = 2'000;
constexpr Millis kDayMs = 86'400'000;
// How many completions a word being typed is matched as.
constexpr std::size_t kPrefixCompletions = 5;

// A cursor: which list ("a" every word, "p" some words, "c" channels, "l" playlists, "t" tags)
// and the offset in it.
struct Cursor {
  char list = 'a';
  std::int64_t offset = 0;
};

Cursor parse_cursor(const std::optional<std::string>& text, std::string_view lists) {
  if (!text || text->empty()) return {lists.front(), 0};
  const std::string& s = *text;
  Cursor cursor;
  if (s.size() < 3 || s[1] != '.' || lists.find(s[0]) == std::string_view::npos) {
    throw_validation("cursor", "cursor is not one this list gave");
  }
  cursor.list = s[0];
  auto [end, ec] = std::from_chars(s.data() + 2, s.data() + s.size(), cursor.offset);
  if (ec != std::errc() || end != s.data() + s.size() || cursor.offset < 0 || cursor.offset > 1'000'000) {
    throw_validation("cursor", "cursor is not one this list gave");
  }
  return cursor;
}

std::string cursor_text(char list, std::int64_t offset) { return std::string(1, list) + "." + std::to_string(offset); }

// Cuts `items` (read with one more than a page) to a page starting at `offset` of `list`, and
// gives the next page's cursor when there is one.
template <typename T>
std::optional<std::string> cut_to_page(std::vector<T>& items, int limit, char list, std::int64_t offset) {
  if (static_cast<int>(items.size()) <= limit) return std::nullopt;
  items.resize(static_cast<std::size_t>(limit));
  return cursor_text(list, offset + limit);
}

}  // namespace

struct SearchService::Page {
  Cursor cursor;
  int limit = 20;
};

SearchService::SearchService(db::Database& db, const Clock& clock, SearchOptions options)
    : store_(db), log_(store_, clock), clock_(clock), options_(std::move(options)) {}

SearchViewer SearchService::viewer_of(const accounts::Caller& caller, bool adult) {
  SearchViewer viewer;
  viewer.adult_allowed = adult;  // asked for and past the age gate (SearchRoutes)
  if (!caller) return viewer;
  viewer.user_id = caller->user_id;
  viewer.blocks_any = store_.blocks_any(caller->user_id);
  return viewer;
}

std::vector<VideoHit> SearchService::ranked(const ParsedQuery& query, MatchMode mode, const VideoFilters& filters,
                                            const SearchViewer& viewer, SearchSort sort, std::int64_t offset,
                                            int limit) {
  VideoMatch match{.expression = std::nullopt, .filters = filters, .viewer = viewer, .sort = sort, .offset = offset, .limit = limit};
  if (!query.empty()) {
    match.expression = match_expression(store_.dialect(), query, mode);
    const std::int64_t estimate = estimated_matches(query, mode);
    match.broad = estimate > kRankedCandidates;
    // Words more than half the videos hold tell matches apart no better than chance (BM25 gives
    // them no weight, and computing that weight reads each word's whole list on SQLite).
    match.text_ranked = !std::all_of(query.required.begin(), query.required.end(),
                                     [&](const QueryTerm& term) { return is_stop_term(term); });
    if (match.broad && store_.dialect() == db::Dialect::postgres) find_newest_matches(match, estimate);
  }
  if (sort != SearchSort::relevance || !match.expression) return store_.videos(match);
  // Windows of the index's order, each ranked on its own: a page may span two.
  std::vector<VideoHit> out;
  const Millis now = clock_.now_ms();
  for (std::int64_t start = offset / kRankingWindow * kRankingWindow; start < offset + limit; start += kRankingWindow) {
    match.offset = start;
    match.limit = kRankingWindow;
    auto window = store_.videos(match);
    const bool last = window.size() < static_cast<std::size_t>(kRankingWindow);
    rank_window(window, query.normalized, now);
    const std::int64_t from = std::max<std::int64_t>(offset - start, 0);
    for (std::int64_t i = from; i < static_cast<std::int64_t>(window.size()) &&
                                static_cast<std::int64_t>(out.size()) < limit;
         ++i) {
      out.push_back(std::move(window[static_cast<std::size_t>(i)]));
    }
    if (last) break;
  }
  return out;
}

void SearchService::search_videos(const ParsedQuery& query, const VideoFilters& filters, const SearchViewer& viewer,
                                  SearchSort sort, const Page& page, SearchResults& out) {
  // Partial matches only make sense for several words.
  const bool may_fall_back = query.required.size() > 1;
  std::vector<VideoHit> hits;
  std::vector<bool> partial;
  std::int64_t partial_offset = -1;  // where the page starts in the partial list, if it reaches it
  if (page.cursor.list == 'a') {
    const std::int64_t depth = sort == SearchSort::relevance ? kMaxRelevanceDepth : 1'000'000;
    const int want = static_cast<int>(std::min<std::int64_t>(page.limit + 1, std::max<std::int64_t>(depth - page.cursor.offset, 0)));
    hits = want > 0 ? ranked(query, MatchMode::all, filters, viewer, sort, page.cursor.offset, want) : std::vector<VideoHit>{};
    partial.assign(hits.size(), false);
    if (static_cast<int>(hits.size()) > page.limit) {
      hits.resize(static_cast<std::size_t>(page.limit));
      partial.resize(hits.size());
      out.next_cursor = cursor_text('a', page.cursor.offset + page.limit);
    } else if (may_fall_back && page.cursor.offset + static_cast<std::int64_t>(hits.size()) < kPartialThreshold) {
      partial_offset = 0;
    }
  } else {
    if (!may_fall_back) return;
    partial_offset = page.cursor.offset;
  }
  if (partial_offset >= 0 && partial_offset < kMaxPartialDepth) {
    // Every full match is among the first kPartialThreshold: leave them out of the partial list.
    std::unordered_set<std::string> full;
    if (page.cursor.list == 'a' && page.cursor.offset == 0) {
      for (const auto& hit : hits) full.insert(hit.id);  // the page already holds every full match
    } else {
      for (const auto& hit : ranked(query, MatchMode::all, filters, viewer, sort, 0, kPartialThreshold)) full.insert(hit.id);
    }
    const int room = page.limit - static_cast<int>(hits.size());
    auto any = ranked(query, MatchMode::any, filters, viewer, sort, 0,
                      static_cast<int>(std::min<std::int64_t>(partial_offset + room + 1 + kPartialThreshold,
                                                              kMaxPartialDepth)));
    std::vector<VideoHit> some;
    for (auto& hit : any) {
      if (!full.count(hit.id)) some.push_back(std::move(hit));
    }
    for (std::int64_t i = partial_offset; i < static_cast<std::int64_t>(some.size()); ++i) {
      if (static_cast<int>(hits.size()) == page.limit) {
        if (i < kMaxPartialDepth) out.next_cursor = cursor_text('p', i);
        break;
      }
      hits.push_back(std::move(some[static_cast<std::size_t>(i)]));
      partial.push_back(true);
    }
  }
  std::vector<std::string> ids;
  for (const auto& hit : hits) ids.push_back(hit.id);
  auto rows = store_.listed_videos(ids);
  std::unordered_map<std::string, bool> partial_of;
  for (std::size_t i = 0; i < hits.size(); ++i) partial_of[hits[i].id] = partial[i];
  for (auto& video : rows) {
    SearchItem item;
    item.partial = partial_of[video.id];
    item.video = std::move(video);
    out.items.push_back(std::move(item));
  }
}

std::int64_t SearchService::estimated_matches(const ParsedQuery& query, MatchMode mode) const {
  auto term_documents = [&](const QueryTerm& term) -> std::int64_t {
    if (!term.single_word()) {
      std::int64_t fewest = std::numeric_limits<std::int64_t>::max();
      for (const auto& word : term.words) fewest = std::min(fewest, vocabulary_.documents(word));
      return fewest;
    }
    if (term.prefix) {
      if (term.completions.empty()) return vocabulary_.documents_with_prefix(term.words.front());
      std::int64_t sum = 0;
      for (const auto& word : term.completions) sum += vocabulary_.documents(word);
      return sum;
    }
    std::int64_t sum = vocabulary_.documents(term.words.front());
    for (const auto& word : term.corrections) sum += vocabulary_.documents(word);
    return sum;
  };
  std::int64_t estimate = mode == MatchMode::all ? std::numeric_limits<std::int64_t>::max() : 0;
  for (const auto& term : query.required) {
    const std::int64_t documents = term_documents(term);
    estimate = mode == MatchMode::all ? std::min(estimate, documents) : estimate + documents;
  }
  return query.required.empty() ? 0 : estimate;
}

void SearchService::find_newest_matches(VideoMatch& match, std::int64_t estimate) {
  // Without a window, the matches are few: the estimate said so, or the window held far fewer
  // than estimated (a conjunction of common words) — unless a filter is what thinned them.
  const VideoFilters& f = match.filters;
  match.few_matches = !(f.tag || f.category || f.duration || f.uploaded_since);
  // A window of half again the videos that should hold kRankedCandidates matches.
  std::int64_t videos = kRankedCandidates * 3 / 2 * std::max<std::int64_t>(vocabulary_.indexed(), 1) /
                        std::max<std::int64_t>(estimate, 1);
  for (int probe = 0; probe < 2; ++probe) {
    const auto since = recency_.since_for(videos);
    if (!since) {
      match.few_matches = match.few_matches || probe == 0;
      return;
    }
    const WindowMatches found = store_.newest_matches(match, *since);
    if (found.matched >= kRankedCandidates) {
      match.newest_since = found.oldest;
      return;
    }
    if (found.matched < kRankedCandidates / 10) return;
    videos = videos * kRankedCandidates * 3 / 2 / found.matched;
  }
}

bool SearchService::is_stop_term(const QueryTerm& term) const {
  return term.single_word() && !term.prefix && vocabulary_.is_stop_word(term.words.front());
}

void SearchService::leave_out_stop_words(ParsedQuery& query, std::vector<std::string>& ignored) const {
  // Repeated words add nothing.
  std::vector<QueryTerm> unique;
  for (auto& term : query.required) {
    bool seen = false;
    for (const auto& kept : unique) seen = seen || (kept.words == term.words && kept.prefix == term.prefix);
    if (!seen) unique.push_back(std::move(term));
  }
  query.required = std::move(unique);
  // Stop words go when every other word exists in the index: they would not narrow anything,
  // and BM25 gives them no weight. A query of stop words only keeps them.
  bool others_exist = false;
  bool all_others_exist = true;
  for (const auto& term : query.required) {
    if (is_stop_term(term)) continue;
    others_exist = true;
    if (term.single_word() && !term.prefix && vocabulary_.documents(term.words.front()) == 0) all_others_exist = false;
  }
  if (!others_exist || !all_others_exist) return;
  std::vector<QueryTerm> kept;
  for (auto& term : query.required) {
    if (is_stop_term(term)) {
      ignored.push_back(term.words.front());
    } else {
      kept.push_back(std::move(term));
    }
  }
  query.required = std::move(kept);
}

SearchResults SearchService::search(const accounts::Caller& caller, const SearchRequest& request) {
  if (request.q.size() > kMaxQueryBytes) {
    throw_validation("q", "q is longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  }
  const int limit = social::checked_page_size(request.limit);
  ParsedQuery query = parse_query(request.q);
  VideoFilters filters;
  if (request.tag) filters.tag = videos::normalized_tag(*request.tag, "tag");
  filters.category = request.category;
  filters.duration = request.duration;
  if (request.uploaded) filters.uploaded_since = clock_.now_ms() - uploaded_window_ms(*request.uploaded);
  const bool filtered = filters.tag || filters.category || filters.duration || filters.uploaded_since;
  const bool videos_only = request.type == ResultType::video;
  if (query.empty() && (!filtered || !videos_only)) {
    throw_validation("q", query.excluded.empty() ? "q has no word to look for" : "q has only excluded words");
  }
  SearchResults out;
  leave_out_stop_words(query, out.ignored);
  for (auto& term : query.required) {
    if (term.prefix) {
      // The word being typed matches its most common completions: an engine's own prefix search
      // reads every word it starts (hundreds), except SQLite's for 2 or 3 letters, which has
      // an index of its own. A prefix the vocabulary has not seen yet goes to the engine (it is
      // rare, so cheap).
      const bool indexed = store_.dialect() == db::Dialect::sqlite && text::code_points(term.words.front()) <= 3;
      if (!indexed) {
        for (auto& completion : vocabulary_.completions(term.words.front(), kPrefixCompletions)) {
          term.completions.push_back(std::move(completion.word));
        }
      }
      continue;
    }
    if (!term.single_word()) continue;
    term.corrections = vocabulary_.corrections(term.words.front());
    if (!term.corrections.empty()) out.corrections[term.words.front()] = term.corrections;
  }
  const SearchViewer viewer = viewer_of(caller, request.adult);
  const SearchSort sort = request.sort.value_or(query.empty() ? SearchSort::date : SearchSort::relevance);
  const auto dialect = store_.dialect();
  switch (request.type) {
    case ResultType::channel: {
      const Cursor cursor = parse_cursor(request.cursor, "c");
      auto hits = store_.channels(match_expression(dialect, query, MatchMode::all), viewer, cursor.offset, limit + 1);
      out.next_cursor = cut_to_page(hits, limit, 'c', cursor.offset);
      for (auto& hit : hits) out.items.push_back({std::nullopt, false, std::move(hit), std::nullopt});
      break;
    }
    case ResultType::playlist: {
      const Cursor cursor = parse_cursor(request.cursor, "l");
      auto hits = store_.playlists(match_expression(dialect, query, MatchMode::all), viewer, cursor.offset, limit + 1);
      out.next_cursor = cut_to_page(hits, limit, 'l', cursor.offset);
      for (auto& hit : hits) out.items.push_back({std::nullopt, false, std::nullopt, std::move(hit)});
      break;
    }
    case ResultType::all:
    case ResultType::video: {
      const Cursor cursor = parse_cursor(request.cursor, "ap");
      if (request.type == ResultType::all && !request.cursor) {
        // The first page of "all" opens with the best channels and playlists.
        const auto expression = match_expression(dialect, query, MatchMode::all);
        for (auto& hit : store_.channels(expression, viewer, 0, kAllChannels)) {
          out.items.push_back({std::nullopt, false, std::move(hit), std::nullopt});
        }
        for (auto& hit : store_.playlists(expression, viewer, 0, kAllPlaylists)) {
          out.items.push_back({std::nullopt, false, std::nullopt, std::move(hit)});
        }
      }
      search_videos(query, filters, viewer, sort, {cursor, limit}, out);
      break;
    }
  }
  if (!request.cursor && !query.empty()) log_.record(query.normalized, out.items.empty());
  return out;
}

std::vector<Suggestion> SearchService::suggest(const std::string& q) {
  if (q.size() > kMaxQueryBytes) throw_validation("q", "q is longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  const auto typed = words(q);
  std::string folded;
  for (const auto& word : typed) folded += (folded.empty() ? "" : " ") + word;
  // The last word is still being typed unless a space or punctuation follows it.
  const bool open_word = !typed.empty() && !q.empty() && (static_cast<unsigned char>(q.back()) >= 0x80 ||
                                                          std::isalnum(static_cast<unsigned char>(q.back())));
  std::vector<Suggestion> out;
  std::unordered_set<std::string> seen;
  auto add = [&](const std::string& text, const char* kind) {
    if (out.size() >= kMaxSuggestions || text.empty()) return;
    const auto key = fold(text);
    if (key == folded && std::string(kind) != "title") return;  // what is typed already
    if (seen.insert(key).second) out.push_back({text, kind});
  };
  std::shared_ptr<const Popular> popular;
  {
    std::lock_guard lock(popular_mutex_);
    popular = popular_;
  }
  // Past queries that start with what is typed, most searched first.
  std::size_t from_queries = 0;
  for (const auto& stat : popular->queries) {
    if (from_queries == 4) break;
    if (stat.query.starts_with(folded)) {
      add(stat.query, "query");
      ++from_queries;
    }
  }
  if (typed.empty()) return out;
  const std::string& last = typed.back();
  std::string before;
  for (std::size_t i = 0; i + 1 < typed.size(); ++i) before += typed[i] + " ";
  // The word being typed, completed from the index's words.
  if (open_word) {
    for (const auto& term : vocabulary_.completions(last, 4)) add(before + term.word, "completion");
  }
  // Titles of popular videos holding every word typed (the last as a prefix while typed).
  std::size_t from_titles = 0;
  for (const auto& [title_words, title] : popular->titles) {
    if (from_titles == 3) break;
    bool all = true;
    for (std::size_t i = 0; i < typed.size() && all; ++i) {
      const bool prefix = open_word && i + 1 == typed.size();
      std::size_t at = 0;
      bool found = false;
      while (!found && at <= title_words.size()) {
        const std::size_t end = std::min(title_words.find(' ', at), title_words.size());
        const std::string_view word(title_words.data() + at, end - at);
        found = prefix ? word.starts_with(typed[i]) : word == typed[i];
        at = end + 1;
      }
      all = found;
    }
    if (all) {
      add(title, "title");
      ++from_titles;
    }
  }
  if (typed.size() == 1 && open_word) {
    for (const auto& tag : store_.tags(last, 0, 3)) add(tag.name, "tag");
    for (const auto& name : store_.channel_names(last, 2)) add(name, "channel");
  }
  return out;
}

std::vector<NameCount> SearchService::tags(const std::string& prefix, std::optional<std::string> cursor,
                                           std::optional<std::int64_t> limit, std::optional<std::string>& next_cursor) {
  const int size = social::checked_page_size(limit);
  const Cursor at = parse_cursor(cursor, "t");
  auto out = store_.tags(prefix.empty() ? prefix : videos::normalized_tag(prefix, "prefix"), at.offset, size + 1);
  next_cursor = cut_to_page(out, size, 't', at.offset);
  return out;
}

std::vector<CategoryCount> SearchService::categories() {
  std::unordered_map<std::string, std::int64_t> counts;
  for (const auto& c : store_.categories()) counts[c.name] = c.videos;
  std::vector<CategoryCount> out;
  for (const auto& name : options_.categories) out.push_back({name, counts.count(name) ? counts[name] : 0});
  return out;
}

std::vector<QueryStat> SearchService::query_stats(const accounts::Principal& admin, int days, bool zero_only,
                                                  int limit) {
  if (!admin.at_least(accounts::Role::admin)) throw_forbidden("only admins see search statistics");
  flush_log();  // what this node counted so far is included
  const std::int64_t today = clock_.now_ms() / kDayMs;
  return store_.query_stats(today - (days - 1), zero_only, limit);
}

void SearchService::refresh() {
  const std::int64_t indexed = store_.indexed_videos();
  vocabulary_.replace(store_.vocabulary(), indexed);
  if (store_.dialect() == db::Dialect::postgres) {
    recency_.replace(store_.recency_windows(RecencyWindows::sizes_for(indexed)));
  }
  auto next = std::make_shared<Popular>();
  const std::int64_t today = clock_.now_ms() / kDayMs;
  for (auto& stat : store_.query_stats(today - 29, false, kPopularQueries)) {
    if (stat.searches > stat.zero_results) next->queries.push_back(std::move(stat));
  }
  for (auto& title : store_.popular_titles(kPopularTitles)) {
    std::string folded;
    for (const auto& word : words(title)) folded += (folded.empty() ? "" : " ") + word;
    next->titles.emplace_back(std::move(folded), std::move(title));
  }
  std::lock_guard lock(popular_mutex_);
  popular_ = std::move(next);
}

void SearchService::flush_log() {
  log_.flush();
  if (options_.log_retention_days > 0) {
    store_.prune_log(clock_.now_ms() / kDayMs - options_.log_retention_days + 1);
  }
}

}  // namespace marquee::search
