#include "recs/CoWatch.h"

#include <algorithm>
#include <cmath>

namespace marquee::recs {
namespace {

struct PairSum {
  double products = 0;  // Σ c_a·c_b
  std::uint32_t viewers = 0;
};

std::uint64_t pair_key(std::uint32_t a, std::uint32_t b) { return (std::uint64_t{a} << 32) | b; }

}  // namespace

CoWatchTable CoWatchTable::compute(const std::vector<WatchRecord>& records, const CoWatchOptions& options) {
  // Videos as small numbers; each viewer's records, most recent first.
  std::unordered_map<std::string, std::uint32_t> index_of;
  std::vector<std::string> ids;
  std::unordered_map<std::string, std::vector<const WatchRecord*>> by_viewer;
  for (const auto& record : records) {
    if (record.completion <= 0) continue;
    by_viewer[record.user_id].push_back(&record);
    if (index_of.try_emplace(record.video_id, static_cast<std::uint32_t>(ids.size())).second) {
      ids.push_back(record.video_id);
    }
  }

  std::vector<double> audience(ids.size(), 0.0);  // n per video
  std::unordered_map<std::uint64_t, PairSum> pairs;
  std::vector<std::pair<std::uint32_t, double>> recent;
  for (auto& [viewer, watches] : by_viewer) {
    std::sort(watches.begin(), watches.end(), [](const WatchRecord* a, const WatchRecord* b) {
      return a->watched_at != b->watched_at ? a->watched_at > b->watched_at : a->video_id > b->video_id;
    });
    recent.clear();
    for (const WatchRecord* watch : watches) {
      if (recent.size() >= options.per_viewer) break;
      const std::uint32_t video = index_of.at(watch->video_id);
      if (std::any_of(recent.begin(), recent.end(), [&](const auto& seen) { return seen.first == video; })) continue;
      recent.emplace_back(video, std::min(1.0, watch->completion));
    }
    for (std::size_t i = 0; i < recent.size(); ++i) {
      audience[recent[i].first] += 1;
      for (std::size_t j = i + 1; j < recent.size(); ++j) {
        auto [a, b] = std::minmax(recent[i].first, recent[j].first);
        PairSum& sum = pairs[pair_key(a, b)];
        sum.products += recent[i].second * recent[j].second;
        ++sum.viewers;
      }
    }
  }

  std::vector<std::vector<CoWatched>> lists(ids.size());
  for (const auto& [key, sum] : pairs) {
    const auto a = static_cast<std::uint32_t>(key >> 32);
    const auto b = static_cast<std::uint32_t>(key & 0xffffffffu);
    const double together = sum.products / std::sqrt(audience[a] * audience[b]);
    const double score = std::min(1.0, together) * sum.viewers / (sum.viewers + options.shrinkage);
    lists[a].push_back({ids[b], score});
    lists[b].push_back({ids[a], score});
  }

  CoWatchTable table;
  const auto better = [](const CoWatched& x, const CoWatched& y) {
    return x.score != y.score ? x.score > y.score : x.video_id < y.video_id;
  };
  for (std::size_t v = 0; v < lists.size(); ++v) {
    auto& list = lists[v];
    if (list.empty()) continue;
    const std::size_t keep = std::min(options.neighbours, list.size());
    std::partial_sort(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(keep), list.end(), better);
    list.resize(keep);
    list.shrink_to_fit();
    table.neighbours_.emplace(ids[v], std::move(list));
  }
  return table;
}

std::span<const CoWatched> CoWatchTable::neighbours(std::string_view video_id) const {
  auto it = neighbours_.find(std::string(video_id));
  if (it == neighbours_.end()) return {};
  return it->second;
}

}  // namespace marquee::recs
