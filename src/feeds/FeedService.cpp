#include "feeds/FeedService.h"

#include <algorithm>
#include <array>
#include <cctype>

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
// A viewer's taste: the tags of this many recent watches and likes; a like counts double.
constexpr int kTasteWatches = 50;
constexpr int kTasteLikes = 50;
constexpr int kWatchTasteWeight = 1;
constexpr int kLikeTasteWeight = 2;
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

bool hidden(const FeedViewer& viewer, const std::string& owner_id) {
  return std::find(viewer.hidden_channel_ids.begin(), viewer.hidden_channel_ids.end(), owner_id) !=
         viewer.hidden_channel_ids.end();
}

}  // namespace

void validate_session(const std::string& session) {
  const bool valid = !session.empty() && session.size() <= kMaxSessionLength &&
                     std::all_of(session.begin(), session.end(), [](unsigned char c) {
                       return std::isalnum(c) || c == '.' || c == '_' || c == '-';
                     });
  if (!valid) throw_validation("session", "session must be 1 to 64 of A-Z a-z 0-9 . _ -");
}

FeedService::FeedService(db::Database& db, const Clock& clock, FeedOptions options, HiddenChannels hidden_channels)
    : store_(db),
      refresher_(db, clock, options),
      page_cache_(std::chrono::milliseconds(options.page_cache_ms)),
      clock_(clock),
      options_(options),
      hidden_channels_(std::move(hidden_channels)) {}

std::int64_t FeedService::refresh() {
  std::lock_guard refresh_lock(refresh_mutex_);
  const std::int64_t generation = refresher_.refresh();
  {
    std::lock_guard lock(generation_mutex_);
    cached_generation_ = std::max(cached_generation_.value_or(0), generation);
    generation_read_at_ = std::chrono::steady_clock::now();
  }
  page_cache_.clear();
  return generation;
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

TagProfile FeedService::taste_of(const FeedViewer& viewer) {
  if (!viewer.user_id) return TagProfile();
  return TagProfile(store_.taste(*viewer.user_id, kTasteWatches, kWatchTasteWeight, kTasteLikes, kLikeTasteWeight));
}

VideoPage FeedService::home(const accounts::Caller& caller, const FeedQuery& query) {
  const int limit = page_size(query.limit);
  const FeedViewer viewer = feed_viewer(caller, query.adult, hidden_channels_);
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
  std::vector<FeedEntry> subscribed, trending, fresh;
  auto fetch = [&](const std::array<std::size_t, kHomeSources>& counts) {
    if (signed_in) {
      subscribed = store_.subscribed(*viewer.user_id, viewer, state.subscriptions.value_or(session_start),
                                     static_cast<int>(counts[0]));
    }
    trending = store_.trending(TrendingPeriod::week, state.generation, viewer, seek, signed_in,
                               static_cast<int>(counts[1]));
    fresh = store_.fresh(viewer, state.fresh.value_or(session_start), signed_in, state.generation,
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
  page.items = store_.visible(chosen, viewer);
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
  page.items = store_.visible(ids, viewer);
  return page;
}

VideoPage FeedService::subscriptions(const accounts::Principal& viewer_principal, const FeedQuery& query) {
  const int limit = page_size(query.limit);
  const FeedViewer viewer = feed_viewer(accounts::Caller(viewer_principal), query.adult, hidden_channels_);
  std::optional<NewestPosition> after;
  if (auto cursor = present(query.cursor)) after = decode_subscriptions_cursor(*cursor).after;

  auto entries = store_.subscribed(viewer_principal.user_id, viewer, after, limit + 1);
  const bool more = entries.size() > static_cast<std::size_t>(limit);
  VideoPage page = page_of(entries, limit, viewer);
  if (more) page.next_cursor = encode_cursor(SubscriptionsCursor{{entries.back().created_at, entries.back().id}});
  return page;
}

VideoPage FeedService::trending(const accounts::Caller& caller, TrendingPeriod period, const FeedQuery& query) {
  const int limit = page_size(query.limit);
  const FeedViewer viewer = feed_viewer(caller, query.adult, hidden_channels_);
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

  auto entries = store_.trending(period, state.generation, viewer, seek, false, limit + 1);
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
  const FeedViewer viewer = feed_viewer(caller, query.adult, hidden_channels_);
  ReelsCursor state;
  if (auto cursor = present(query.cursor)) {
    state = decode_reels_cursor(*cursor);
    bool replaced = false;
    state.generation = usable_generation(state.generation, replaced);
  } else {
    state.generation = current_generation();
    state.seed = session_seed(session, viewer.user_id.value_or(""), clock_.now_ms());
    state.profile = taste_of(viewer);
  }

  const auto candidates =
      reel_cache_.get(state.generation, [&] { return store_.reel_candidates(state.generation); });
  struct Placed {
    double heat;
    const ReelCandidate* candidate;
  };
  const TagMatcher taste(state.profile, candidates->tags);
  std::vector<Placed> order;
  order.reserve(candidates->candidates.size());
  for (const auto& candidate : candidates->candidates) {
    if ((candidate.is_adult && !viewer.adult_allowed) || hidden(viewer, candidate.owner_id)) continue;
    const double heat = reel_heat(candidate.heat, taste.match(candidate.tag_ids),
                                  exploration(state.seed, candidate.video_id), options_.reels_exploration);
    order.push_back({heat, &candidate});
  }
  std::sort(order.begin(), order.end(), [](const Placed& a, const Placed& b) {
    return a.heat != b.heat ? a.heat > b.heat : a.candidate->video_id < b.candidate->video_id;
  });

  // Items still visible, with their index in the order, until one past the page is known.
  std::vector<std::pair<std::size_t, Video>> found;
  const auto wanted = static_cast<std::size_t>(limit) + 1;
  for (auto next = static_cast<std::size_t>(state.offset); found.size() < wanted && next < order.size();) {
    const std::size_t end = std::min(order.size(), next + (wanted - found.size()));
    std::vector<std::string> ids;
    for (std::size_t i = next; i < end; ++i) ids.push_back(order[i].candidate->video_id);
    auto visible = store_.visible(ids, viewer);
    std::size_t v = 0;
    for (std::size_t i = next; i < end && v < visible.size(); ++i) {
      if (visible[v].id == order[i].candidate->video_id) found.emplace_back(i, std::move(visible[v++]));
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
