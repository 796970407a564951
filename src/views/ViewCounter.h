#pragma once
// The in-memory side of view counting. It keeps an index of viewer states, so a beacon
// costs no database read once its viewer is known, and buffers everything the beacons
// change (viewer states, counted views, per-video aggregates, history, the studio's daily
// and audience-retention deltas) until flush() hands
// it to a writer as one batch. A failed write puts the batch back for the next flush.
//
// Memory is bounded: beyond `capacity` viewers, the least recently seen ones with nothing
// left to write are forgotten, and read back through the loader if they return.
//
// Thread safety: every method may be called from any thread. `mutex_` guards the index and
// the buffers and is held only for in-memory work; the loader and the writer run outside
// it. One flush runs at a time (`flush_mutex_`), and nothing is evicted while one is in
// flight, so a viewer read back from the database is never older than its last write.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/Clock.h"
#include "views/ViewRecords.h"
#include "views/ViewRules.h"
#include "views/TrafficSource.h"

namespace marquee::views {

inline constexpr std::size_t kDefaultViewerCapacity = 100'000;

// What a player reports: where it is, how much of the video this playback session has
// watched so far (cumulative), which session it is, and where the viewer came from (the
// session keeps the first source it reports).
struct Beacon {
  std::int64_t position_ms = 0;
  std::int64_t watched_ms = 0;
  std::string session_id;
  std::optional<TrafficSource> source;
};

struct Viewer {
  std::string key;                     // "u:<user id>" or "a:<anonymous id>"
  std::optional<std::string> user_id;  // signed in: the beacon also feeds their history
};

class ViewCounter {
 public:
  // The stored state of a viewer, or nullopt when the database has none.
  using Loader = std::function<std::optional<ViewerState>(const ViewerKey&)>;
  using Writer = std::function<void(const ViewBatch&)>;

  ViewCounter(CountingRules rules, Loader load, std::size_t capacity = kDefaultViewerCapacity);

  // Applies a beacon about a countable video of `duration_ms` at `now`. True when it made
  // the viewer's view count.
  bool record(const std::string& video_id, std::int64_t duration_ms, const Viewer& viewer, const Beacon& beacon,
              Millis now);

  // Hands everything buffered to `write` (skipped when there is nothing). When `write`
  // throws, the batch goes back into the buffer and the exception propagates.
  void flush(const Writer& write);

  // History of (user, video) buffered on this node and not yet written.
  std::optional<HistoryDelta> pending_history(const HistoryKey& key) const;
  // Drops what is buffered or known about a deleted video, or about a user's history.
  void forget_video(const std::string& video_id);
  void forget_history(const std::string& user_id, const std::optional<std::string>& video_id = std::nullopt);
  void forget_user(const std::string& user_id);

  std::size_t tracked_viewers() const;

 private:
  struct Entry {
    ViewerState state;
    std::list<ViewerKey>::iterator recency;  // position in recency_ (front: most recent)
    bool dirty = false;
  };
  struct KeyHash {
    std::size_t operator()(const ViewerKey& key) const;
  };

  Entry& entry_for(const ViewerKey& key, const std::optional<std::string>& user_id, std::unique_lock<std::mutex>& lock);
  void mark_dirty(const ViewerKey& key, Entry& entry);
  ViewBatch take_batch();
  void restore(ViewBatch batch);
  void erase(std::unordered_map<ViewerKey, Entry, KeyHash>::iterator it);
  // Forgets clean viewers beyond capacity, looking at no more than `max_checked` of them.
  void evict_excess(std::size_t max_checked);

  // Constant after construction.
  const CountingRules rules_;
  const Loader load_;
  const std::size_t capacity_;

  std::mutex flush_mutex_;
  mutable std::mutex mutex_;
  std::unordered_map<ViewerKey, Entry, KeyHash> index_;  // guarded by mutex_
  std::list<ViewerKey> recency_;                         // guarded by mutex_
  std::vector<ViewerKey> dirty_;                         // guarded by mutex_
  std::vector<CountedView> counted_;                     // guarded by mutex_
  std::map<std::string, VideoStatsDelta> stats_;         // guarded by mutex_
  std::map<HistoryKey, HistoryDelta> history_;           // guarded by mutex_
  std::map<DailyKey, DailyDelta> daily_;                 // guarded by mutex_
  std::map<std::string, RetentionDelta> retention_;      // guarded by mutex_
  bool flush_in_flight_ = false;                         // guarded by mutex_
};

}  // namespace marquee::views
