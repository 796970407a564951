#include "feeds/RankingRefresher.h"

#include <algorithm>

#include "feeds/ReelHeat.h"
#include "feeds/TrendingFormula.h"

namespace marquee::feeds {

std::vector<RankedEntry> top_ranked(std::vector<RankedCandidate> candidates, std::size_t size) {
  auto better = [](const RankedCandidate& a, const RankedCandidate& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.created_at != b.created_at) return a.created_at > b.created_at;
    return a.video_id > b.video_id;
  };
  if (candidates.size() > size) {
    std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(size), candidates.end(),
                      better);
    candidates.resize(size);
  } else {
    std::sort(candidates.begin(), candidates.end(), better);
  }
  std::vector<RankedEntry> ranked;
  ranked.reserve(candidates.size());
  for (auto& candidate : candidates) ranked.push_back({std::move(candidate.video_id), candidate.score});
  return ranked;
}

std::int64_t RankingRefresher::refresh() {
  const Millis now = clock_.now_ms();
  RankingSnapshot snapshot;
  const auto engaged = store_.engaged(now);
  for (std::size_t p = 0; p < kTrendingPeriods.size(); ++p) {
    std::vector<RankedCandidate> candidates;
    for (const auto& video : engaged) {
      const double score = trending_score(video.recent[p], video.quality);
      if (score > 0) candidates.push_back({video.id, video.created_at, score});
    }
    snapshot.trending[p] = top_ranked(std::move(candidates), static_cast<std::size_t>(options_.trending_size));
  }

  std::vector<RankedCandidate> reels;
  for (auto& source : store_.reel_sources(options_.reels_max_duration_ms)) {
    const double heat = base_heat({source.views, source.quality, now - source.created_at});
    reels.push_back({std::move(source.id), source.created_at, heat});
  }
  snapshot.reels = top_ranked(std::move(reels), static_cast<std::size_t>(options_.reels_candidates));

  return store_.save(snapshot, now, now - options_.snapshot_keep_ms);
}

}  // namespace marquee::feeds
