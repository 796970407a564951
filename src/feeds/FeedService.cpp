#include "feeds/FeedService.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

#include "core/Error.h"
#include "feeds/ExplorationNoise.h"
#include "feeds/HomeBlend.h"
#include "feeds/ReelHeat.h"

namespace marquee::feeds {
namespace {

using videos::Video;
using videos::VideoPage;

// How long a process trusts the newest snapshot number it read.
constexpr auto kGenerationTrust = std::chrono::seconds(1);
constexpr std::size_t kMaxSessionLength = 64;

int page_size(std::optional<std::int64_t> limit) {
  const std::int64_t size = limit.value_or(videos::kDefaultPageSize);
  if (size < 1 || size > videos::kMaxPageSize) {
    throw_validation("limit", "limit must be between 1 and " + std::to_string(videos::kMaxPageSize));
  }
  return static_cast<int>(size);
}

std::optional<std::string> present(const std::optional<std::string>& value) {
  if (!value || value->empty()) return std::nullopt;
  return value;
}

bool newer(const FeedEntry& a, const FeedEntry& b) {
  return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
}

// Strictly after `after` in newest-first order.
bool older_than(const FeedEntry& entry, const NewestPosition& after) {
  return entry.created_at != after.created_at ? entry.created_at < after.created_at : entry.id < after.id;
}

bool followed(const std::vector<std::string>& sorted_channels, const std::string& owner_id) {
  return std::binary_search(sorted_channels.begin(), sorted_channels.end(), owner_id);
}

// Appends to `out` the entries of `list` after `after` that `keep` accepts, until `out` holds
// `limit`. False when the list may go on beyond what it holds and `out` is still short: then
// only the database knows what comes next.
template <class Keep>
bool take_newest(const NewestList& list, const NewestPosition& after, std::size_t limit, std::vector<FeedEntry>& out,
                 Keep keep) {
  auto it = std::partition_point(list.entries.begin(), list.entries.end(),
                                 [&](const FeedEntry& entry) { return !older_than(entry, after); });
  for (; it != list.entries.end() && out.size() < limit; ++it) {
    if (keep(*it)) out.push_back(*it);
  }
  return out.size() >= limit || list.complete;
}

}  // namespace

void validate_session(const std::string& session) {
  const bool valid = !session.empty() && session.size() <= kMaxSessionLength &&
                     std::all_of(session.begin(), session.end(), [](unsigned char c) {
                       return std::isalnum(c) || c == '.' || c == '_' || c == '-';
                     });
  if (!valid) throw_validation("session", "session must be 1 to 64 of A-Z a-z 0-9 . _ -");
}

FeedService::FeedService(db::Database& db, const Clock& clock, FeedOptions options)
    : store_(db),
      refresher_(db, clock, options),
      catalog_(store_, clock),
      page_cache_(std::chrono::milliseconds(options.page_cache_ms)),
      clock_(clock),
      options_(options) {}

std::int64_t FeedService::refresh() {
  std::lock_guard refresh_lock(refresh_mutex_);
  const std::int64_t generation = refresher_.refresh();
  {
    std::lock_guard lock(generation_mutex_);
    cached_generation_ = std::max(cached_generation_.value_or(0), generation);
    generation_read_at_ = std::chrono::steady_clock::now();
  }
  catalog_.clear();
  page_cache_.clear();
  return generation;
}

void FeedService::forget_everything() {
  catalog_.clear();
  page_cache_.clear();
}

void FeedService::forget_video(const std::string& video_id) {
  catalog_.forget_video(video_id);
  page_cache_.clear();
}

std::int64_t FeedService::current_generation() {
  {
    std::lock_guard lock(generation_mutex_);
    if (cached_generation_ && std::chrono::steady_clock::now() - generation_read_at_ < kGenerationTrust) {
      return *cached_generation_;
    }
  }
  auto latest = store_.latest_generation();
  if (!latest) {
    std::lock_guard refresh_lock(refresh_mutex_);
    latest = store_.latest_generation();
    if (!latest) latest = refresher_.refresh();
  }
  std::lock_guard lock(generation_mutex_);
  cached_generation_ = std::max(cached_generation_.value_or(0), *latest);
  generation_read_at_ = std::chrono::steady_clock::now();
  return *cached_generation_;
}

std::int64_t FeedService::usable_generation(std::int64_t wanted, bool& replaced) {
  replaced = false;
  const std::int64_t current = current_generation();
  if (wanted == current || store_.has_generation(wanted)) return wanted;
  replaced = true;
  return current;
}

FeedViewer FeedService::viewer_of(const accounts::Caller& caller, bool adult_requested) {
  FeedViewer viewer = feed_viewer(caller, adult_requested);
  if (viewer.user_id) viewer.blocked_channel_ids = catalog_.blocked(*viewer.user_id);
  return viewer;
}

std::shared_ptr<const std::vector<std::string>> FeedService::following(const FeedViewer& viewer) {
  if (!viewer.user_id) return std::make_shared<const std::vector<std::string>>();
  return catalog_.following(*viewer.user_id);
}

// Each followed channel's newest uploads from memory, merged. A channel holds only its newest
// kChannelDepth: past the newest last-held entry of a channel that has more, the merge could
// miss that channel's older uploads, so such pages come from the database.
std::vector<FeedEntry> FeedService::subscribed(const std::vector<std::string>& channels, const FeedViewer& viewer,
                                               const std::optional<NewestPosition>& after, int limit) {
  const NewestPosition start = after.value_or(NewestPosition{std::numeric_limits<Millis>::max(), ""});
  const auto lists = catalog_.channel_uploads(channels);
  std::vector<const FeedEntry*> merged;
  const FeedEntry* horizon = nullptr;  // the newest last-held entry of a channel with more
  for (const auto& list : lists) {
    auto it = std::partition_point(list->entries.begin(), list->entries.end(),
                                   [&](const FeedEntry& entry) { return !older_than(entry, start); });
    // No channel gives more than the page: the rest of it could not make the page.
    for (int taken = 0; it != list->entries.end() && taken < limit; ++it) {
      if (admits(viewer, it->owner_id, it->is_adult)) merged.push_back(&*it), ++taken;
    }
    if (!list->complete && (!horizon || newer(list->entries.back(), *horizon))) horizon = &list->entries.back();
  }
  std::sort(merged.begin(), merged.end(), [](const FeedEntry* a, const FeedEntry* b) { return newer(*a, *b); });
  if (horizon) std::erase_if(merged, [&](const FeedEntry* entry) { return newer(*horizon, *entry); });
  if (merged.size() >= static_cast<std::size_t>(limit) || !horizon) {
    std::vector<FeedEntry> entries;
    for (std::size_t i = 0; i < merged.size() && i < static_cast<std::size_t>(limit); ++i) entries.push_back(*merged[i]);
    return entries;
  }
  return store_.subscribed(*viewer.user_id, viewer, after, limit);
}

std::vector<FeedEntry> FeedService::fresh(const std::vector<std::string>& channels, const TrendingOrder& trending,
                                          std::int64_t generation, const FeedViewer& viewer,
                                          const NewestPosition& after, int limit) {
  std::vector<FeedEntry> entries;
  const bool held = take_newest(*catalog_.newest(), after, static_cast<std::size_t>(limit), entries,
                                [&](const FeedEntry& entry) {
                                  return admits(viewer, entry.owner_id, entry.is_adult) &&
                                         !followed(channels, entry.owner_id) && !trending.ranks.contains(entry.id);
                                });
  if (held) return entries;
  return store_.fresh(viewer, after, !channels.empty(), generation, limit);
}

std::vector<FeedEntry> FeedService::trending(const TrendingOrder& order, const std::vector<std::string>& channels,
                                             const FeedViewer& viewer, const std::optional<TrendingSeek>& seek,
                                             int limit) {
  auto it = order.entries.begin();
  std::optional<TrendingPosition> below;  // a position of a vanished snapshot: continue after its (score, id)
  if (seek) {
    std::optional<std::int64_t> after_rank;
    if (!seek->by_score) {
      after_rank = seek->after.rank;
    } else if (auto ranked = order.ranks.find(seek->after.id); ranked != order.ranks.end()) {
      after_rank = ranked->second;
    }
    if (after_rank) {
      it = std::upper_bound(order.entries.begin(), order.entries.end(), *after_rank,
                            [](std::int64_t rank, const FeedEntry& entry) { return rank < entry.rank; });
    } else {
      below = seek->after;
    }
  }
  std::vector<FeedEntry> entries;
  for (; it != order.entries.end() && entries.size() < static_cast<std::size_t>(limit); ++it) {
    if (below && !(it->score < below->score || (it->score == below->score && it->id < below->id))) continue;
    if (!admits(viewer, it->owner_id, it->is_adult) || followed(channels, it->owner_id)) continue;
    entries.push_back(*it);
  }
  return entries;
}

std::vector<Video> FeedService::visible(const std::vector<std::string>& ids, const FeedViewer& viewer) {
  auto videos = catalog_.listed(ids);
  std::erase_if(videos, [&](const Video& video) { return !may_list(viewer, video); });
  return videos;
}

VideoPage FeedService::home(const accounts::Caller& caller, const FeedQuery& query) {
  if (caller && personaliser_) {
    if (auto page = personaliser_->personal_home(*caller, query)) return std::move(*page);
  }
  const int limit = page_size(query.limit);
  const FeedViewer viewer = viewer_of(caller, query.adult);
  HomeCursor state;
  bool replaced = false;
  std::int64_t cursor_generation = 0;
  if (auto cursor = present(query.cursor)) {
    state = decode_home_cursor(*cursor);
    cursor_generation = state.generation;
    state.generation = usable_generation(state.generation, replaced);
  } else {
    state.generation = current_generation();
    state.as_of = clock_.now_ms();
  }

  const bool signed_in = viewer.user_id.has_value();
  std::optional<TrendingSeek> seek;
  if (state.trending) seek = TrendingSeek{*state.trending, replaced};
  // A source that has served nothing yet starts at the first page's time, not at now.
  const NewestPosition session_start{state.as_of + 1, ""};
  const auto channels = following(viewer);
  const auto ranked = catalog_.trending(TrendingPeriod::week, state.generation);
  std::vector<FeedEntry> subscribed, trending, fresh;
  auto fetch = [&](const std::array<std::size_t, kHomeSources>& counts) {
    if (signed_in) {
      subscribed = this->subscribed(*channels, viewer, state.subscriptions.value_or(session_start),
                                    static_cast<int>(counts[0]));
    }
    trending = this->trending(*ranked, *channels, viewer, seek, static_cast<int>(counts[1]));
    fresh = this->fresh(*channels, *ranked, state.generation, viewer, state.fresh.value_or(session_start),
                        static_cast<int>(counts[2]));
  };
  // Each source's share of this page plus one tells whether it runs dry here. Only then do the
  // others fill its places, and only then are they read as deep as a whole page.
  const auto unlimited = static_cast<std::size_t>(limit) + 1;
  std::array<std::size_t, kHomeSources> shares{};
  for (HomeSource source : blend(state.position, {signed_in ? unlimited : 0, unlimited, unlimited},
                                 static_cast<std::size_t>(limit))) {
    ++shares[static_cast<std::size_t>(source)];
  }
  fetch({shares[0] + 1, shares[1] + 1, shares[2] + 1});
  if ((signed_in && subscribed.size() <= shares[0]) || trending.size() <= shares[1] || fresh.size() <= shares[2]) {
    fetch({unlimited, unlimited, unlimited});
  }

  std::vector<std::string> chosen;
  std::size_t subscribed_taken = 0, trending_taken = 0, fresh_taken = 0;
  const auto order = blend(state.position, {subscribed.size(), trending.size(), fresh.size()},
                           static_cast<std::size_t>(limit));
  for (HomeSource source : order) {
    if (source == HomeSource::subscriptions) {
      const FeedEntry& entry = subscribed[subscribed_taken++];
      state.subscriptions = NewestPosition{entry.created_at, entry.id};
      chosen.push_back(entry.id);
    } else if (source == HomeSource::trending) {
      const FeedEntry& entry = trending[trending_taken++];
      state.trending = TrendingPosition{entry.rank, entry.score, entry.id};
      chosen.push_back(entry.id);
    } else {
      const FeedEntry& entry = fresh[fresh_taken++];
      state.fresh = NewestPosition{entry.created_at, entry.id};
      chosen.push_back(entry.id);
    }
  }
  state.position += static_cast<std::int64_t>(order.size());
  // A trending position from a vanished snapshot stays a (score, id) position until this
  // feed serves a trending item from the new one: keep naming the vanished snapshot.
  if (replaced && trending_taken == 0) state.generation = cursor_generation;

  VideoPage page;
  page.items = visible(chosen, viewer);
  if (subscribed_taken < subscribed.size() || trending_taken < trending.size() || fresh_taken < fresh.size()) {
    page.next_cursor = encode_cursor(state);
  }
  return page;
}

VideoPage FeedService::page_of(std::vector<FeedEntry>& entries, int limit, const FeedViewer& viewer) {
  VideoPage page;
  if (entries.size() > static_cast<std::size_t>(limit)) entries.resize(static_cast<std::size_t>(limit));
  std::vector<std::string> ids;
  ids.reserve(entries.size());
  for (const auto& entry : entries) ids.push_back(entry.id);
  page.items = visible(ids, viewer);
  return page;
}

VideoPage FeedService::subscriptions(const accounts::Principal& viewer_principal, const FeedQuery& query) {
  const int limit = page_size(query.limit);
  const FeedViewer viewer = viewer_of(accounts::Caller(viewer_principal), query.adult);
  std::optional<NewestPosition> after;
  if (auto cursor = present(query.cursor)) after = decode_subscriptions_cursor(*cursor).after;

  auto entries = subscribed(*following(viewer), viewer, after, limit + 1);
  const bool more = entries.size() > static_cast<std::size_t>(limit);
  VideoPage page = page_of(entries, limit, viewer);
  if (more) page.next_cursor = encode_cursor(SubscriptionsCursor{{entries.back().created_at, entries.back().id}});
  return page;
}

VideoPage FeedService::trending(const accounts::Caller& caller, TrendingPeriod period, const FeedQuery& query) {
  const int limit = page_size(query.limit);
  const FeedViewer viewer = viewer_of(caller, query.adult);
  TrendingCursor state;
  state.period = period;
  std::optional<TrendingSeek> seek;
  if (auto cursor = present(query.cursor)) {
    state = decode_trending_cursor(*cursor);
    if (state.period != period) throw_validation("cursor", "cursor belongs to another window");
    bool replaced = false;
    state.generation = usable_generation(state.generation, replaced);
    seek = TrendingSeek{state.after, replaced};
  } else {
    state.generation = current_generation();
  }

  auto entries = trending(*catalog_.trending(period, state.generation), {}, viewer, seek, limit + 1);
  const bool more = entries.size() > static_cast<std::size_t>(limit);
  VideoPage page = page_of(entries, limit, viewer);
  if (more) {
    const FeedEntry& last = entries.back();
    state.after = TrendingPosition{last.rank, last.score, last.id};
    page.next_cursor = encode_cursor(state);
  }
  return page;
}

VideoPage FeedService::reels(const accounts::Caller& caller, const std::string& session, const FeedQuery& query) {
  const int limit = page_size(query.limit);
  const FeedViewer viewer = viewer_of(caller, query.adult);
  ReelsCursor state;
  if (auto cursor = present(query.cursor)) {
    state = decode_reels_cursor(*cursor);
    bool replaced = false;
    state.generation = usable_generation(state.generation, replaced);
  } else {
    state.generation = current_generation();
    state.seed = session_seed(session, viewer.user_id.value_or(""), clock_.now_ms());
    if (viewer.user_id) state.profile = catalog_.taste(*viewer.user_id);
  }

  const auto candidates = catalog_.reels(state.generation);
  struct Placed {
    double heat;
    const ReelCandidate* candidate;
  };
  const TagMatcher taste(state.profile, candidates->tags);
  std::vector<Placed> order;
  order.reserve(candidates->candidates.size());
  for (const auto& candidate : candidates->candidates) {
    if (!admits(viewer, candidate.owner_id, candidate.is_adult)) continue;
    const double heat = reel_heat(candidate.heat, taste.match(candidate.tag_ids),
                                  exploration_of_hash(state.seed, candidate.id_hash), options_.reels_exploration);
    order.push_back({heat, &candidate});
  }
  const auto before = [](const Placed& a, const Placed& b) {
    return a.heat != b.heat ? a.heat > b.heat : a.candidate->video_id < b.candidate->video_id;
  };
  // Only the session's order up to the page's end matters: sort that prefix, and more of it
  // only when hidden videos make the page reach further.
  std::size_t sorted = 0;
  const auto sort_through = [&](std::size_t end) {
    if (end <= sorted) return;
    std::partial_sort(order.begin() + static_cast<std::ptrdiff_t>(sorted), order.begin() + static_cast<std::ptrdiff_t>(end),
                      order.end(), before);
    sorted = end;
  };

  // Items still visible, with their index in the order, until one past the page is known.
  std::vector<std::pair<std::size_t, Video>> found;
  const auto wanted = static_cast<std::size_t>(limit) + 1;
  for (auto next = static_cast<std::size_t>(state.offset); found.size() < wanted && next < order.size();) {
    const std::size_t end = std::min(order.size(), next + (wanted - found.size()));
    sort_through(end);
    std::vector<std::string> ids;
    for (std::size_t i = next; i < end; ++i) ids.push_back(order[i].candidate->video_id);
    auto shown = visible(ids, viewer);
    std::size_t v = 0;
    for (std::size_t i = next; i < end && v < shown.size(); ++i) {
      if (shown[v].id == order[i].candidate->video_id) found.emplace_back(i, std::move(shown[v++]));
    }
    next = end;
  }

  VideoPage page;
  if (found.size() > static_cast<std::size_t>(limit)) {
    found.resize(static_cast<std::size_t>(limit));
    state.offset = static_cast<std::int64_t>(found.back().first) + 1;
    page.next_cursor = encode_cursor(state);
  }
  for (auto& entry : found) page.items.push_back(std::move(entry.second));
  return page;
}

}  // namespace marquee::feeds
