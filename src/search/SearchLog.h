#pragma once
// The query log (docs/search.md): first pages of searches counted per folded query, held in
// memory and written in one transaction per flush, without who searched. Thread-safe.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/Clock.h"
#include "search/SearchStore.h"

namespace marquee::search {

class SearchLog {
 public:
  SearchLog(SearchStore& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Counts one search; `found_nothing` when its first page was empty.
  void record(const std::string& normalized_query, bool found_nothing);
  // Writes what was counted since the last flush.
  void flush();

 private:
  // Long queries are cut in the log: they are rare and need not be kept whole.
  static constexpr std::size_t kMaxLoggedBytes = 200;
  // A flood of distinct queries between two flushes is counted up to this many.
  static constexpr std::size_t kMaxPending = 50'000;

  SearchStore& store_;
  const Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, QueryStat> pending_;  // guarded by mutex_
};

}  // namespace marquee::search
