#pragma once
// What a viewer likes, from what they watched: the for-you feed's query. Each recent watch
// weighs its completion (at least 0.05) times 2^(−age / half_life), so finished videos and
// recent ones count most. The taste vector is the weighted sum of the watched videos' content
// vectors, normalized; the seeds are the heaviest watches, whose co-watched videos are
// candidates too. Videos the viewer finished are never recommended to them again.
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/Clock.h"
#include "recs/CoWatch.h"
#include "recs/SimilarRanking.h"
#include "recs/VectorIndex.h"

namespace marquee::recs {

// One watch of the viewer's history: WatchRecord plus whether they reached the end.
struct ViewerWatch {
  std::string video_id;
  double completion = 0;
  Millis watched_at = 0;
  bool finished = false;
};

struct ViewerTaste {
  std::vector<float> vector;                           // empty: nothing watched is indexed
  std::vector<std::pair<std::string, double>> seeds;   // (video, weight), heaviest first
  std::unordered_set<std::string> finished;

  bool empty() const { return vector.empty(); }
};

struct TasteOptions {
  Millis half_life_ms = 14ll * 24 * 3600 * 1000;
  std::size_t seeds = 20;
};

ViewerTaste viewer_taste(const std::vector<ViewerWatch>& history, const VectorIndex& index, Millis now,
                         const TasteOptions& options = {});

// Scores `candidates` for the viewer: content = cosine with the taste vector, co-watch =
// 1 − Π_seeds (1 − w_seed / w_heaviest · cowatch(seed, candidate)), score by `signals`
// (MatchScore.h).
std::vector<Recommendation> score_for_viewer(const ViewerTaste& taste, const VectorIndex& index,
                                             const CoWatchTable& cowatch, std::vector<IndexedVideo> candidates,
                                             Signals signals = Signals::blend);

// The viewer's nearest `k` content neighbours and the seeds' co-watched videos that `admit`
// accepts, never a finished one, scored by score_for_viewer and sorted best first.
std::vector<Recommendation> rank_for_viewer(const ViewerTaste& taste, const VectorIndex& index,
                                            const CoWatchTable& cowatch, std::size_t k,
                                            const VectorIndex::Admit& admit, Signals signals = Signals::blend);

}  // namespace marquee::recs
