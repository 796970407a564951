#pragma once
// Where the newest K listed videos begin, for K = 2,048, 3,072, … (steps of 1.5×) up to a
// quarter of the index: the recency windows in which PostgreSQL looks for the newest matches of
// a broad query (a window is a range of upload days, which the GIN index intersects with the
// words' matches before a row is read; docs/search.md "Performance"). A larger window would cost
// more than reading every match of a query that needs it. Loaded with the vocabulary and
// reloaded with it: uploads since then only make a window hold a few more videos than its K.
//
// Thread safety: replace() and since_for() may run concurrently (a snapshot behind a mutex).
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "core/Clock.h"

namespace marquee::search {

struct RecencyWindow {
  std::int64_t videos = 0;  // K: how many listed videos were uploaded since
  Millis since = 0;
};

class RecencyWindows {
 public:
  // The K to load for an index of `indexed` listed videos, smallest first.
  static std::vector<std::int64_t> sizes_for(std::int64_t indexed);
  void replace(std::vector<RecencyWindow> windows);
  // The upload time since which at least `videos` listed videos were uploaded, from the smallest
  // such window; nullopt when that would be more than a quarter of the index (or none is
  // loaded): the query's matches are then few enough to read them all.
  std::optional<Millis> since_for(std::int64_t videos) const;

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const std::vector<RecencyWindow>> windows_ =
      std::make_shared<std::vector<RecencyWindow>>();  // guarded by mutex_; smallest first
};

}  // namespace marquee::search
