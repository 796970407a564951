#include "recs/RecsService.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <unordered_map>

#include "core/Error.h"
#include "feeds/ExplorationNoise.h"
#include "feeds/MemoryOnly.h"
#include "recs/MatchScore.h"
#include "recs/SimilarRanking.h"
#include "recs/ViewerTaste.h"

namespace marquee::recs {
namespace {

// How long a viewer's "has a personal home" is remembered (their first watch shows on their
// home within this; a cleared history likewise).
constexpr Millis kPersonalMemoryMs = 30'000;
// How long a viewer's for-you ranking is reused by their next pages and reloads (what they
// watch meanwhile shows after it).
constexpr Millis kSessionMemoryMs = 3'000;
constexpr std::size_t kSessionsHeld = 2'000;
// History rows read per for-you session: the taste takes the most recent, every finished one
// stays out of the feed.
constexpr std::size_t kHistoryRows = 1'000;
// Fresh uploads a for-you session ranks.
constexpr int kFreshCandidates = 200;
// Every fourth place of the for-you feed goes to a recent upload.
constexpr std::int64_t kFreshEvery = 4;
// Similar videos ranked beyond the page, for those that turn out hidden when their rows are read.
constexpr std::size_t kSimilarSlack = 10;

int page_size(std::optional<std::int64_t> limit) {
  const std::int64_t size = limit.value_or(videos::kDefaultPageSize);
  if (size < 1 || size > videos::kMaxPageSize) {
    throw_validation("limit", "limit must be between 1 and " + std::to_string(videos::kMaxPageSize));
  }
  return static_cast<int>(size);
}

VideoText text_of(const videos::Video& video) {
  return {video.title, video.tags, video.description, video.category, video.owner_username};
}

VectorIndex::Admit admitted_by(const feeds::FeedViewer& viewer) {
  return [&viewer](const IndexedVideo& video) { return feeds::admits(viewer, video.owner_id, video.is_adult); };
}

// The items of `ranked` that the viewer may see now (their rows re-checked), in order, with
// their match.
std::vector<RecommendedVideo> shown(feeds::FeedService& feeds, const feeds::FeedViewer& viewer,
                                    const std::vector<Recommendation>& ranked) {
  std::vector<std::string> ids;
  ids.reserve(ranked.size());
  for (const auto& r : ranked) ids.push_back(r.video.video_id);
  auto rows = feeds.visible(ids, viewer);
  std::unordered_map<std::string, videos::Video*> by_id;
  for (auto& row : rows) by_id[row.id] = &row;
  std::vector<RecommendedVideo> items;
  for (const auto& r : ranked) {
    auto it = by_id.find(r.video.video_id);
    if (it == by_id.end()) continue;
    items.push_back({std::move(*it->second), match_percent(blend_score(r.content, r.cowatch))});
  }
  return items;
}

RecsPage page_of(videos::VideoPage page) {
  RecsPage out;
  for (auto& video : page.items) out.items.push_back({std::move(video), std::nullopt});
  out.next_cursor = std::move(page.next_cursor);
  return out;
}

// Whether `r` comes after `position` in best-first order (score DESC, id ASC).
bool after(const Recommendation& r, const std::optional<RankedPosition>& position) {
  if (!position) return true;
  return r.score != position->score ? r.score < position->score : r.video.video_id > position->id;
}

}  // namespace

RecsService::RecsService(db::Database& db, videos::VideoService& videos, feeds::FeedService& feeds, const Clock& clock,
                         RecsOptions options)
    : store_(db),
      videos_(videos),
      feeds_(feeds),
      clock_(clock),
      options_(options),
      content_(options.hnsw, options.build_threads),
      personal_(clock, kPersonalMemoryMs, 100'000),
      sessions_(clock, kSessionMemoryMs, kSessionsHeld),
      cowatch_(std::make_shared<const CoWatchTable>()) {}

std::shared_ptr<const CoWatchTable> RecsService::cowatch() const {
  std::lock_guard lock(cowatch_mutex_);
  return cowatch_;
}

RecsPage RecsService::similar(const accounts::Caller& caller, const std::string& video_id,
                              std::optional<std::int64_t> limit, bool adult) {
  const int size = page_size(limit);
  const videos::Video source = videos_.get(caller, video_id);  // 404 unless the caller may watch it
  const feeds::FeedViewer viewer = feeds_.viewer_of(caller, adult);
  const auto index = content_.index();
  // A listed video's indexed vector; any other (unlisted, or hidden from lists) from its text.
  auto vector = index->vector_of(source.id);
  if (!vector) vector = content_.vector_for(text_of(source));
  const auto ranked = rank_similar(*index, *cowatch(), source.id, *vector, static_cast<std::size_t>(size) + kSimilarSlack,
                                   admitted_by(viewer));
  RecsPage page;
  page.items = shown(feeds_, viewer, ranked);
  if (page.items.size() > static_cast<std::size_t>(size)) page.items.resize(static_cast<std::size_t>(size));
  return page;
}

RecsPage RecsService::for_you(const accounts::Caller& caller, const feeds::FeedQuery& query) {
  const bool own_cursor = query.cursor && !query.cursor->empty() && is_for_you_cursor(*query.cursor);
  const bool other_cursor = query.cursor && !query.cursor->empty() && !own_cursor;
  if (caller && !other_cursor) {
    if (auto page = personal_page(*caller, query)) return std::move(*page);
    if (own_cursor) return {};  // the history the session began with is gone
  }
  return page_of(feeds_.home(caller, query));
}

std::optional<videos::VideoPage> RecsService::personal_home(const accounts::Principal& viewer,
                                                            const feeds::FeedQuery& query) {
  const bool has_cursor = query.cursor && !query.cursor->empty();
  if (has_cursor && !is_for_you_cursor(*query.cursor)) return std::nullopt;
  if (!has_cursor) {
    if (auto personal = personal_.get(viewer.user_id); personal && !*personal) return std::nullopt;
  }
  auto page = personal_page(viewer, query);  // from memory when the viewer's session is held
  if (!page) {
    if (!has_cursor) return std::nullopt;
    page.emplace();
  }
  videos::VideoPage out;
  for (auto& item : page->items) out.items.push_back(std::move(item.video));
  out.next_cursor = std::move(page->next_cursor);
  return out;
}

std::shared_ptr<const RecsService::ForYouSession> RecsService::session(const accounts::Principal& principal,
                                                                       bool adult,
                                                                       const std::optional<ForYouCursor>& cursor) {
  const std::string viewer_key = principal.user_id + (adult ? "|adult" : "|-");
  const auto key_of = [&](Millis as_of, std::uint64_t seed) {
    return viewer_key + "|" + std::to_string(as_of) + "|" + std::to_string(seed);
  };
  const auto epoch = sessions_.epoch();
  if (!cursor) {
    if (auto held = sessions_.get(viewer_key)) return held;
    const Millis now = clock_.now_ms();
    const std::uint64_t seed = feeds::session_seed("", principal.user_id, now);
    auto made = std::make_shared<const ForYouSession>(rank_session(principal, adult, now, seed));
    sessions_.put(viewer_key, made, epoch);
    sessions_.put(key_of(now, seed), made, epoch);
    return made;
  }
  const std::string key = key_of(cursor->as_of, cursor->seed);
  if (auto held = sessions_.get(key)) return held;
  auto made = std::make_shared<const ForYouSession>(rank_session(principal, adult, cursor->as_of, cursor->seed));
  sessions_.put(key, made, epoch);
  return made;
}

RecsService::ForYouSession RecsService::rank_session(const accounts::Principal& principal, bool adult, Millis as_of,
                                                     std::uint64_t seed) {
  feeds::require_database();  // reads history: not on the I/O thread (MemoryOnly.h)
  ForYouSession session;
  session.as_of = as_of;
  session.seed = seed;
  const auto epoch = personal_.epoch();
  const auto history = store_.history(principal.user_id, as_of, kHistoryRows);
  const auto index = content_.index();
  const auto cowatch = this->cowatch();
  const std::vector<ViewerWatch> recent(history.begin(),
                                        history.begin() + static_cast<std::ptrdiff_t>(
                                                              std::min(history.size(), options_.taste_watches)));
  ViewerTaste taste = viewer_taste(recent, *index, as_of, options_.taste);
  for (const auto& watch : history) {
    if (watch.finished) taste.finished.insert(watch.video_id);
  }
  session.personal = !taste.empty();
  personal_.put(principal.user_id, std::make_shared<const bool>(session.personal), epoch);
  if (!session.personal) return session;

  const feeds::FeedViewer viewer = feeds_.viewer_of(accounts::Caller(principal), adult);
  const Millis fresh_since = as_of - options_.fresh_window_ms;
  // Two disjoint sources: the taste's neighbours uploaded before the fresh window, and the
  // window's uploads, each ranked by the same score plus the session's exploration term.
  session.taste_source = rank_for_viewer(taste, *index, *cowatch, options_.for_you_candidates,
                                         [&](const IndexedVideo& video) {
                                           return video.created_at <= fresh_since &&
                                                  feeds::admits(viewer, video.owner_id, video.is_adult);
                                         });
  std::vector<IndexedVideo> uploads;
  for (const auto& id : store_.uploads_between(fresh_since, as_of, kFreshCandidates)) {
    auto video = index->video_of(id);
    if (video && !taste.finished.contains(id) && feeds::admits(viewer, video->owner_id, video->is_adult)) {
      uploads.push_back(std::move(*video));
    }
  }
  session.fresh_source = score_for_viewer(taste, *index, *cowatch, std::move(uploads));
  for (auto* source : {&session.taste_source, &session.fresh_source}) {
    for (auto& r : *source) r.score += options_.exploration * feeds::exploration(seed, r.video.video_id);
    sort_best_first(*source);
  }
  return session;
}

std::optional<RecsPage> RecsService::personal_page(const accounts::Principal& principal,
                                                   const feeds::FeedQuery& query) {
  const int limit = page_size(query.limit);
  std::optional<ForYouCursor> cursor;
  if (query.cursor && !query.cursor->empty()) cursor = decode_for_you_cursor(*query.cursor);
  const auto ranked = session(principal, query.adult, cursor);
  if (!ranked->personal) return std::nullopt;
  ForYouCursor state = cursor.value_or(ForYouCursor{ranked->as_of, ranked->seed, 0, std::nullopt, std::nullopt});

  // Each source from after its last served item, interleaved: every fourth place is fresh.
  const auto resume = [](const std::vector<Recommendation>& source, const std::optional<RankedPosition>& position) {
    return static_cast<std::size_t>(std::find_if(source.begin(), source.end(),
                                                 [&](const Recommendation& r) { return after(r, position); }) -
                                    source.begin());
  };
  const auto& taste = ranked->taste_source;
  const auto& fresh = ranked->fresh_source;
  std::size_t taste_next = resume(taste, state.taste), fresh_next = resume(fresh, state.fresh);
  std::vector<Recommendation> chosen;
  while (chosen.size() < static_cast<std::size_t>(limit) && (taste_next < taste.size() || fresh_next < fresh.size())) {
    const bool fresh_turn = state.position % kFreshEvery == kFreshEvery - 1;
    const bool take_fresh = fresh_next < fresh.size() && (fresh_turn || taste_next >= taste.size());
    const Recommendation& r = take_fresh ? fresh[fresh_next++] : taste[taste_next++];
    (take_fresh ? state.fresh : state.taste) = RankedPosition{r.score, r.video.video_id};
    chosen.push_back(r);
    ++state.position;
  }
  RecsPage page;
  page.items = shown(feeds_, feeds_.viewer_of(accounts::Caller(principal), query.adult), chosen);
  if (taste_next < taste.size() || fresh_next < fresh.size()) page.next_cursor = encode_cursor(state);
  return page;
}

RecsStatus RecsService::refresh() {
  std::lock_guard lock(refresh_mutex_);
  const bool grown = content_.index()->size() >= content_.built_size() + content_.built_size() / 5 + 10;
  if (!content_.built() || stale_.exchange(false) || grown) rebuild_index();
  auto table = std::make_shared<const CoWatchTable>(CoWatchTable::compute(
      store_.recent_watches(options_.cowatch.per_viewer, clock_.now_ms() - options_.cowatch_window_ms),
      options_.cowatch));
  RecsStatus status{content_.index()->size(), table->videos()};
  {
    std::lock_guard cowatch_lock(cowatch_mutex_);
    cowatch_ = std::move(table);
  }
  return status;
}

void RecsService::rebuild_index() {
  const auto changed = content_.rebuild([this](const auto& visit) { store_.each_listed(visit); });
  for (const auto& owner : changed.owners) content_.remove_owner(owner);
  for (const auto& video : changed.videos) video_changed(video);
  spdlog::info("recommendations: content index built with {} videos", content_.built_size());
}

void RecsService::video_changed(const std::string& video_id) {
  // Before the first build (or in a process that never builds: workers) there is nothing to
  // keep current; the build reads the change from the database.
  if (!content_.started()) return;
  if (auto entry = store_.listed(video_id)) {
    content_.put(*entry);
  } else {
    content_.remove(video_id);
  }
}

void RecsService::video_deleted(const std::string& video_id) { content_.remove(video_id); }

void RecsService::account_deleted(const std::string& user_id) {
  content_.remove_owner(user_id);
  personal_.erase(user_id);
}

}  // namespace marquee::recs
