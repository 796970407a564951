#include "feeds/FeedCatalog.h"

#include "feeds/MemoryOnly.h"

namespace marquee::feeds {
namespace {

// A viewer's taste: the tags of this many recent watches and likes; a like counts double.
constexpr int kTasteWatches = 50;
constexpr int kTasteLikes = 50;
constexpr int kWatchTasteWeight = 1;
constexpr int kLikeTasteWeight = 2;

// Bounds on what is held: every channel and user of a big site, the videos of many pages.
constexpr std::size_t kChannelsHeld = 50'000;
constexpr std::size_t kUsersHeld = 100'000;
constexpr std::size_t kVideosHeld = 100'000;

std::size_t period_index(TrendingPeriod period) { return period == TrendingPeriod::day ? 0 : 1; }

NewestList newest_list(std::vector<FeedEntry> entries, int depth) {
  const bool complete = entries.size() < static_cast<std::size_t>(depth);
  return NewestList{std::move(entries), complete};
}

}  // namespace

FeedCatalog::FeedCatalog(FeedStore& store, const Clock& clock)
    : store_(store),
      newest_(clock, kNewestTtl, 1),
      channels_(clock, kChannelTtl, kChannelsHeld),
      following_(clock, kFollowingTtl, kUsersHeld),
      blocked_(clock, kBlockedTtl, kUsersHeld),
      tastes_(clock, kTasteTtl, kUsersHeld),
      videos_(clock, kVideoTtl, kVideosHeld) {}

std::shared_ptr<const TrendingOrder> FeedCatalog::trending(TrendingPeriod period, std::int64_t generation) {
  auto& snapshots = trending_[period_index(period)];
  if (auto held = snapshots.find(generation)) return held;
  require_database();  // before waiting for another thread's load: a memory-only page never waits
  return snapshots.get(generation, [&] {
    TrendingOrder order;
    std::vector<std::pair<std::string, std::int64_t>> ranks;
    order.entries = store_.trending_order(period, generation, ranks);
    order.ranks = {ranks.begin(), ranks.end()};
    return order;
  });
}

std::shared_ptr<const ReelCandidates> FeedCatalog::reels(std::int64_t generation) {
  if (auto held = reels_.find(generation)) return held;
  require_database();  // before waiting for another thread's load: a memory-only page never waits
  return reels_.get(generation, [&] { return store_.reel_candidates(generation); });
}

std::shared_ptr<const NewestList> FeedCatalog::newest() {
  return newest_.get_or_load("", [&] { return newest_list(store_.newest(kNewestDepth), kNewestDepth); });
}

std::vector<std::shared_ptr<const NewestList>> FeedCatalog::channel_uploads(const std::vector<std::string>& channel_ids) {
  std::vector<std::shared_ptr<const NewestList>> lists(channel_ids.size());
  std::vector<std::string> missing;
  std::vector<std::size_t> missing_at;
  for (std::size_t i = 0; i < channel_ids.size(); ++i) {
    lists[i] = channels_.get(channel_ids[i]);
    if (!lists[i]) {
      missing.push_back(channel_ids[i]);
      missing_at.push_back(i);
    }
  }
  if (missing.empty()) return lists;
  const std::uint64_t epoch = channels_.epoch();
  auto loaded = store_.channel_uploads(missing, kChannelDepth);
  for (std::size_t j = 0; j < missing.size(); ++j) {
    auto list = std::make_shared<const NewestList>(newest_list(std::move(loaded[j]), kChannelDepth));
    channels_.put(missing[j], list, epoch);
    lists[missing_at[j]] = std::move(list);
  }
  return lists;
}

std::shared_ptr<const std::vector<std::string>> FeedCatalog::following(const std::string& user_id) {
  return following_.get_or_load(user_id, [&] { return store_.subscribed_channels(user_id); });
}

std::shared_ptr<const std::vector<std::string>> FeedCatalog::blocked(const std::string& user_id) {
  return blocked_.get_or_load(user_id, [&] { return store_.blocked_channels(user_id); });
}

TagProfile FeedCatalog::taste(const std::string& user_id) {
  return *tastes_.get_or_load(user_id, [&] {
    return TagProfile(store_.taste(user_id, kTasteWatches, kWatchTasteWeight, kTasteLikes, kLikeTasteWeight));
  });
}

std::vector<videos::Video> FeedCatalog::listed(const std::vector<std::string>& ids) {
  std::vector<std::shared_ptr<const std::optional<videos::Video>>> held(ids.size());
  std::vector<std::string> missing;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    held[i] = videos_.get(ids[i]);
    if (!held[i]) missing.push_back(ids[i]);
  }
  if (!missing.empty()) {
    const std::uint64_t epoch = videos_.epoch();
    std::unordered_map<std::string, std::shared_ptr<const std::optional<videos::Video>>> found;
    for (auto& video : store_.listed(missing)) {
      std::string id = video.id;
      found.emplace(std::move(id), std::make_shared<const std::optional<videos::Video>>(std::move(video)));
    }
    const auto not_listed = std::make_shared<const std::optional<videos::Video>>();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      if (held[i]) continue;
      auto it = found.find(ids[i]);
      held[i] = it == found.end() ? not_listed : it->second;
      videos_.put(ids[i], held[i], epoch);
    }
  }
  std::vector<videos::Video> videos;
  videos.reserve(ids.size());
  for (const auto& video : held) {
    if (*video) videos.push_back(**video);
  }
  return videos;
}

void FeedCatalog::forget_video(const std::string& video_id) {
  // The owner's list must be read again: the video may have joined or left it.
  std::optional<std::string> owner;
  if (auto held = videos_.get(video_id); held && *held) owner = (*held)->owner_id;
  if (!owner) owner = store_.owner_of(video_id);
  videos_.erase(video_id);
  newest_.clear();
  if (owner) {
    channels_.erase(*owner);
  } else {
    channels_.clear();  // deleted, owner unknown: every list that may hold it
  }
}

void FeedCatalog::forget_viewer(const std::string& user_id) {
  following_.erase(user_id);
  blocked_.erase(user_id);
  tastes_.erase(user_id);
}

void FeedCatalog::clear() {
  newest_.clear();
  channels_.clear();
  videos_.clear();
}

}  // namespace marquee::feeds
