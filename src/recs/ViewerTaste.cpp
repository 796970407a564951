#include "recs/ViewerTaste.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "recs/ContentVector.h"

namespace marquee::recs {
namespace {

constexpr double kLeastCompletion = 0.05;

}  // namespace

ViewerTaste viewer_taste(const std::vector<ViewerWatch>& history, const VectorIndex& index, Millis now,
                         const TasteOptions& options) {
  ViewerTaste taste;
  std::vector<float> sum(index.dimensions(), 0.0f);
  bool any = false;
  for (const auto& watch : history) {
    if (watch.finished) taste.finished.insert(watch.video_id);
    const double age = static_cast<double>(std::max<Millis>(0, now - watch.watched_at));
    const double weight = std::max(kLeastCompletion, std::min(1.0, watch.completion)) *
                          std::exp2(-age / static_cast<double>(options.half_life_ms));
    taste.seeds.emplace_back(watch.video_id, weight);
    auto vector = index.vector_of(watch.video_id);
    if (!vector) continue;
    any = true;
    for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += static_cast<float>(weight) * (*vector)[i];
  }
  std::sort(taste.seeds.begin(), taste.seeds.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (taste.seeds.size() > options.seeds) taste.seeds.resize(options.seeds);
  if (any) {
    normalize(sum);
    taste.vector = std::move(sum);
  }
  return taste;
}

std::vector<Recommendation> score_for_viewer(const ViewerTaste& taste, const VectorIndex& index,
                                             const CoWatchTable& cowatch, std::vector<IndexedVideo> candidates,
                                             Signals signals) {
  // 1 − Π over seeds (1 − (weight / heaviest weight) · cowatch(seed, candidate)): like the
  // blend, strong when one seed vouches for the candidate, stronger when several do.
  std::unordered_map<std::string, double> missed;  // the product, per candidate
  const double heaviest = taste.seeds.empty() ? 0.0 : taste.seeds.front().second;
  for (const auto& [seed, weight] : taste.seeds) {
    if (heaviest <= 0) break;
    for (const auto& neighbour : cowatch.neighbours(seed)) {
      missed.try_emplace(neighbour.video_id, 1.0).first->second *= 1.0 - weight / heaviest * neighbour.score;
    }
  }
  std::vector<std::string> ids;
  ids.reserve(candidates.size());
  for (const auto& candidate : candidates) ids.push_back(candidate.video_id);
  const auto similarities = taste.empty() ? std::vector<float>(ids.size(), 0.0f) : index.similarities(taste.vector, ids);

  std::vector<Recommendation> scored;
  scored.reserve(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    Recommendation r;
    r.content = std::max(0.0, static_cast<double>(similarities[i]));
    if (auto it = missed.find(ids[i]); it != missed.end()) r.cowatch = 1.0 - it->second;
    r.score = signal_score(signals, r.content, r.cowatch);
    r.video = std::move(candidates[i]);
    scored.push_back(std::move(r));
  }
  return scored;
}

std::vector<Recommendation> rank_for_viewer(const ViewerTaste& taste, const VectorIndex& index,
                                            const CoWatchTable& cowatch, std::size_t k,
                                            const VectorIndex::Admit& admit, Signals signals) {
  const auto admitted = [&](const IndexedVideo& video) {
    return !taste.finished.contains(video.video_id) && (!admit || admit(video));
  };
  std::vector<IndexedVideo> candidates;
  std::unordered_set<std::string> seen;
  if (!taste.empty() && signals != Signals::cowatch) {
    for (auto& neighbour : index.nearest(taste.vector, k, admitted)) {
      seen.insert(neighbour.video.video_id);
      candidates.push_back(std::move(neighbour.video));
    }
  }
  for (const auto& [seed, weight] : taste.seeds) {
    for (const auto& neighbour : cowatch.neighbours(seed)) {
      if (seen.contains(neighbour.video_id)) continue;
      auto video = index.video_of(neighbour.video_id);
      if (!video || !admitted(*video)) continue;
      seen.insert(neighbour.video_id);
      candidates.push_back(std::move(*video));
    }
  }
  auto ranked = score_for_viewer(taste, index, cowatch, std::move(candidates), signals);
  std::erase_if(ranked, [](const Recommendation& r) { return r.score <= 0; });
  sort_best_first(ranked);
  return ranked;
}

}  // namespace marquee::recs
