#pragma once
// The ranking behind "similar videos", in memory: candidates are the source's nearest
// content neighbours and its co-watched videos; each gets its content cosine and co-watch
// score and, by `signals`, is ranked on one of them or on their blend (MatchScore.h).
// RecsService serves it and `marquee dev recs-bench` measures it, so the bench's figures are
// the server's ranking.
#include <span>
#include <string>
#include <vector>

#include "recs/CoWatch.h"
#include "recs/VectorIndex.h"

namespace marquee::recs {

enum class Signals { content, cowatch, blend };

struct Recommendation {
  IndexedVideo video;
  double content = 0;  // cosine, clamped to 0–1
  double cowatch = 0;  // 0–1
  double score = 0;    // what the ranking sorts on
};

// Best first (ties by id), at most `limit`, never the source itself, only videos `admit`
// accepts (null: all) and only those with a positive score.
std::vector<Recommendation> rank_similar(const VectorIndex& index, const CoWatchTable& cowatch,
                                         const std::string& source_id, std::span<const float> source_vector,
                                         std::size_t limit, const VectorIndex::Admit& admit,
                                         Signals signals = Signals::blend);

// The score of a candidate under `signals`.
double signal_score(Signals signals, double content, double cowatch);
// Sorts best first, ties by id.
void sort_best_first(std::vector<Recommendation>& recommendations);

}  // namespace marquee::recs
