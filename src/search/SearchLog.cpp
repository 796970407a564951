#include "search/SearchLog.h"

#include <vector>

namespace marquee::search {

void SearchLog::record(const std::string& normalized_query, bool found_nothing) {
  if (normalized_query.empty()) return;
  std::string key = normalized_query;
  if (key.size() > kMaxLoggedBytes) {
    std::size_t cut = kMaxLoggedBytes;
    while (cut > 0 && (static_cast<unsigned char>(key[cut]) & 0xC0) == 0x80) --cut;  // whole code points
    key.resize(cut);
  }
  std::lock_guard lock(mutex_);
  auto it = pending_.find(key);
  if (it == pending_.end()) {
    if (pending_.size() >= kMaxPending) return;
    it = pending_.emplace(key, QueryStat{key, 0, 0}).first;
  }
  ++it->second.searches;
  if (found_nothing) ++it->second.zero_results;
}

void SearchLog::flush() {
  std::unordered_map<std::string, QueryStat> taken;
  {
    std::lock_guard lock(mutex_);
    taken.swap(pending_);
  }
  if (taken.empty()) return;
  std::vector<QueryStat> stats;
  stats.reserve(taken.size());
  for (auto& [query, stat] : taken) stats.push_back(std::move(stat));
  store_.log_searches(clock_.now_ms() / 86'400'000, stats);
}

}  // namespace marquee::search
