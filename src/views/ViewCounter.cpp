#include "views/ViewCounter.h"

#include <algorithm>

namespace marquee::views {
namespace {

constexpr std::size_t kEvictionChecksPerBeacon = 32;

template <typename Key, typename Delta>
void merge_older(std::map<Key, Delta>& newer, std::map<Key, Delta>&& older) {
  for (auto& [key, delta] : older) {
    auto it = newer.find(key);
    if (it == newer.end()) {
      newer.emplace(key, std::move(delta));
    } else {
      delta.merge(it->second);
      it->second = std::move(delta);
    }
  }
}

}  // namespace

std::size_t ViewCounter::KeyHash::operator()(const ViewerKey& key) const {
  std::size_t h = std::hash<std::string>{}(key.video_id);
  return h ^ (std::hash<std::string>{}(key.viewer_key) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2));
}

ViewCounter::ViewCounter(CountingRules rules, Loader load, std::size_t capacity)
    : rules_(rules), load_(std::move(load)), capacity_(std::max<std::size_t>(capacity, 1)) {}

ViewCounter::Entry& ViewCounter::entry_for(const ViewerKey& key, const std::optional<std::string>& user_id,
                                           std::unique_lock<std::mutex>& lock) {
  auto it = index_.find(key);
  if (it == index_.end()) {
    lock.unlock();
    std::optional<ViewerState> stored = load_(key);
    lock.lock();
    it = index_.find(key);
    if (it == index_.end()) {
      ViewerState state = stored.value_or(ViewerState{});
      state.user_id = user_id;
      recency_.push_front(key);
      it = index_.emplace(key, Entry{std::move(state), recency_.begin(), false}).first;
      evict_excess(kEvictionChecksPerBeacon);
      it = index_.find(key);
    }
  }
  recency_.splice(recency_.begin(), recency_, it->second.recency);
  return it->second;
}

bool ViewCounter::record(const std::string& video_id, std::int64_t duration_ms, const Viewer& viewer,
                         const Beacon& beacon, Millis now) {
  const ViewerKey key{video_id, viewer.key};
  std::unique_lock lock(mutex_);
  Entry& entry = entry_for(key, viewer.user_id, lock);
  ViewerState& s = entry.state;
  const ViewerState before = s;
  const std::int64_t position = clamp_position(beacon.position_ms, duration_ms);

  VideoStatsDelta stats;
  // A new session has reached no point of the retention curve yet.
  int points_before = retention_points_reached(s.session_max_position_ms, duration_ms);
  if (beacon.session_id != s.session_id) {
    if (s.completed && starts_near_beginning(position, duration_ms)) stats.rewatches = 1;
    s.session_id = beacon.session_id;
    s.session_watched_ms = 0;
    s.session_max_position_ms = 0;
    s.session_source.clear();
    s.session_sampled = false;
    points_before = 0;
  }
  if (s.session_source.empty() && beacon.source) s.session_source = traffic_source_name(*beacon.source);
  stats.watched_ms = std::max<std::int64_t>(0, beacon.watched_ms - s.session_watched_ms);
  s.session_watched_ms += stats.watched_ms;
  const double ratio_before = s.session_sampled ? completion_ratio(s.session_max_position_ms, duration_ms) : 0.0;
  s.session_max_position_ms = std::max(s.session_max_position_ms, position);
  const int points_after = retention_points_reached(s.session_max_position_ms, duration_ms);
  if (points_after > points_before) retention_[video_id].add(points_before, points_after);
  if (stats.watched_ms != 0) daily_[{video_id, utc_day(now)}].watched_ms += stats.watched_ms;

  const bool watched_enough = s.session_watched_ms >= minimum_watch_ms(rules_, duration_ms);
  if (watched_enough) {
    if (!s.session_sampled) stats.completion_samples = 1;
    s.session_sampled = true;
    stats.completion_sum = completion_ratio(s.session_max_position_ms, duration_ms) - ratio_before;
  }
  if (reaches_end(s.session_max_position_ms, duration_ms)) s.completed = true;

  const bool counts = watched_enough && (!s.counted_at || now - *s.counted_at >= rules_.window_ms);
  if (counts) {
    s.counted_at = now;
    counted_.push_back({key, now, traffic_source_of(s.session_source)});
  }

  if (stats.watched_ms != 0 || stats.completion_samples != 0 || stats.completion_sum != 0 || stats.rewatches != 0) {
    stats_[video_id].merge(stats);
  }
  if (viewer.user_id) {
    HistoryDelta delta{position, s.session_max_position_ms, stats.watched_ms, stats.rewatches, now, now};
    auto [it, inserted] = history_.try_emplace({*viewer.user_id, video_id}, delta);
    if (!inserted) it->second.merge(delta);
  }
  if (s != before) mark_dirty(key, entry);
  return counts;
}

void ViewCounter::mark_dirty(const ViewerKey& key, Entry& entry) {
  if (entry.dirty) return;
  entry.dirty = true;
  dirty_.push_back(key);
}

ViewBatch ViewCounter::take_batch() {
  std::lock_guard lock(mutex_);
  ViewBatch batch;
  for (const auto& key : dirty_) {
    auto it = index_.find(key);
    if (it == index_.end() || !it->second.dirty) continue;
    it->second.dirty = false;
    batch.viewers.emplace_back(key, it->second.state);
  }
  dirty_.clear();
  std::sort(batch.viewers.begin(), batch.viewers.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  batch.counted = std::move(counted_);
  batch.stats = std::move(stats_);
  batch.history = std::move(history_);
  batch.daily = std::move(daily_);
  batch.retention = std::move(retention_);
  counted_.clear();
  stats_.clear();
  history_.clear();
  daily_.clear();
  retention_.clear();
  flush_in_flight_ = true;
  return batch;
}

void ViewCounter::restore(ViewBatch batch) {
  std::lock_guard lock(mutex_);
  for (auto& [key, state] : batch.viewers) {
    auto it = index_.find(key);
    if (it == index_.end()) {
      recency_.push_front(key);
      it = index_.emplace(key, Entry{std::move(state), recency_.begin(), false}).first;
    }
    mark_dirty(key, it->second);
  }
  batch.counted.insert(batch.counted.end(), counted_.begin(), counted_.end());
  counted_ = std::move(batch.counted);
  merge_older(stats_, std::move(batch.stats));
  merge_older(history_, std::move(batch.history));
  merge_older(daily_, std::move(batch.daily));
  merge_older(retention_, std::move(batch.retention));
}

void ViewCounter::flush(const Writer& write) {
  std::lock_guard flushing(flush_mutex_);
  ViewBatch batch = take_batch();
  auto finish = [this] {
    std::lock_guard lock(mutex_);
    flush_in_flight_ = false;
    evict_excess(index_.size());
  };
  if (batch.empty()) {
    finish();
    return;
  }
  try {
    write(batch);
  } catch (...) {
    restore(std::move(batch));
    finish();
    throw;
  }
  finish();
}

void ViewCounter::evict_excess(std::size_t max_checked) {
  if (flush_in_flight_) return;
  auto candidate = recency_.end();
  for (std::size_t checked = 0; index_.size() > capacity_ && checked < max_checked; ++checked) {
    --candidate;
    if (candidate == recency_.begin()) break;  // the most recent viewer is the one being served
    auto it = index_.find(*candidate);
    if (it->second.dirty) continue;
    auto next = std::next(candidate);
    erase(it);
    candidate = next;
  }
}

void ViewCounter::erase(std::unordered_map<ViewerKey, Entry, KeyHash>::iterator it) {
  recency_.erase(it->second.recency);
  index_.erase(it);
}

std::optional<HistoryDelta> ViewCounter::pending_history(const HistoryKey& key) const {
  std::lock_guard lock(mutex_);
  auto it = history_.find(key);
  if (it == history_.end()) return std::nullopt;
  return it->second;
}

void ViewCounter::forget_video(const std::string& video_id) {
  std::lock_guard lock(mutex_);
  for (auto it = index_.begin(); it != index_.end();) {
    auto next = std::next(it);
    if (it->first.video_id == video_id) erase(it);
    it = next;
  }
  std::erase_if(counted_, [&](const CountedView& view) { return view.key.video_id == video_id; });
  stats_.erase(video_id);
  retention_.erase(video_id);
  std::erase_if(daily_, [&](const auto& item) { return item.first.first == video_id; });
  std::erase_if(history_, [&](const auto& item) { return item.first.second == video_id; });
}

void ViewCounter::forget_history(const std::string& user_id, const std::optional<std::string>& video_id) {
  std::lock_guard lock(mutex_);
  std::erase_if(history_, [&](const auto& item) {
    return item.first.first == user_id && (!video_id || item.first.second == *video_id);
  });
}

void ViewCounter::forget_user(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  for (auto it = index_.begin(); it != index_.end();) {
    auto next = std::next(it);
    if (it->second.state.user_id == user_id) erase(it);
    it = next;
  }
  std::erase_if(history_, [&](const auto& item) { return item.first.first == user_id; });
}

std::size_t ViewCounter::tracked_viewers() const {
  std::lock_guard lock(mutex_);
  return index_.size();
}

}  // namespace marquee::views
