#include "recs/SimilarRanking.h"

#include <algorithm>
#include <unordered_map>

#include "recs/MatchScore.h"

namespace marquee::recs {

double signal_score(Signals signals, double content, double cowatch) {
  switch (signals) {
    case Signals::content: return content;
    case Signals::cowatch: return cowatch;
    case Signals::blend: break;
  }
  return blend_score(content, cowatch);
}

void sort_best_first(std::vector<Recommendation>& recommendations) {
  std::sort(recommendations.begin(), recommendations.end(), [](const Recommendation& a, const Recommendation& b) {
    return a.score != b.score ? a.score > b.score : a.video.video_id < b.video.video_id;
  });
}

std::vector<Recommendation> rank_similar(const VectorIndex& index, const CoWatchTable& cowatch,
                                         const std::string& source_id, std::span<const float> source_vector,
                                         std::size_t limit, const VectorIndex::Admit& admit, Signals signals) {
  const auto admitted = [&](const IndexedVideo& video) {
    return video.video_id != source_id && (!admit || admit(video));
  };
  std::unordered_map<std::string, Recommendation> candidates;
  // Enough content neighbours that co-watch can lift some from below the first `limit`.
  if (signals != Signals::cowatch) {
    for (auto& neighbour : index.nearest(source_vector, limit * 2 + 20, admitted)) {
      const std::string id = neighbour.video.video_id;
      candidates[id] = {std::move(neighbour.video), std::max(0.0, static_cast<double>(neighbour.similarity)), 0.0, 0.0};
    }
  }
  std::vector<std::string> unscored;  // co-watched videos the content search did not bring
  for (const auto& neighbour : cowatch.neighbours(source_id)) {
    if (auto it = candidates.find(neighbour.video_id); it != candidates.end()) {
      it->second.cowatch = neighbour.score;
      continue;
    }
    auto video = index.video_of(neighbour.video_id);  // not indexed: not listed
    if (!video || !admitted(*video)) continue;
    candidates[neighbour.video_id] = {std::move(*video), 0.0, neighbour.score, 0.0};
    unscored.push_back(neighbour.video_id);
  }
  if (signals != Signals::cowatch && !unscored.empty()) {
    const auto similarities = index.similarities(source_vector, unscored);
    for (std::size_t i = 0; i < unscored.size(); ++i) {
      candidates[unscored[i]].content = std::max(0.0, static_cast<double>(similarities[i]));
    }
  }

  std::vector<Recommendation> ranked;
  ranked.reserve(candidates.size());
  for (auto& [id, candidate] : candidates) {
    candidate.score = signal_score(signals, candidate.content, candidate.cowatch);
    if (candidate.score > 0) ranked.push_back(std::move(candidate));
  }
  sort_best_first(ranked);
  if (ranked.size() > limit) ranked.resize(limit);
  return ranked;
}

}  // namespace marquee::recs
