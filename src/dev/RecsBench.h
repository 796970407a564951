#pragma once
// `marquee dev recs-bench`: how good and how fast recommendations are, in memory, with the
// server's own ranking code (recs/SimilarRanking.h, recs/ViewerTaste.h, recs/CoWatch.h,
// recs/VectorIndex.h). scripts/bench recs runs it and writes bench/RESULTS.md.
//
// Quality: a TasteWorld (dev/TasteWorld.h); each viewer's last watch is held out and the
// one before it is the query ("what do you show next to this video?"). Co-watch is computed
// from every watch but the held-out ones. Rankers: shared-tags-newest-first (the common
// baseline: videos sharing a tag with the query, newest first), content only, co-watch only,
// the blend (what GET /api/videos/{id}/similar serves), and for-you (the viewer's taste from
// all their watches but the held-out one, without the fresh source and the exploration term).
// For each: recall@10 (the held-out video is in the first ten), NDCG@10 (1 / log2(1 + rank)
// when it is) and catalogue coverage (the share of videos that appear in any first ten).
//
// Latency (when latency_videos > 0): a catalogue of that many videos, their content vectors
// in a VectorIndex built with the server's parameters (build time, memory), then p50/p99 of a
// 10-nearest search, of rank_similar (the in-memory part of a similar request) and of an exact
// brute-force search over all vectors, and the HNSW search's recall@10 against the exact one.
#include <cstdint>
#include <string>

#include "dev/TasteWorld.h"
#include "recs/VectorIndex.h"

namespace marquee::dev {

struct RecsBenchOptions {
  TasteWorldOptions world;
  std::size_t latency_videos = 0;   // 0: no latency part
  std::size_t latency_queries = 1'000;
  std::size_t exact_queries = 100;  // brute force is slow: fewer queries
  unsigned threads = 0;             // index build threads; 0: one per core
  recs::HnswParameters hnsw;        // the latency index's (the server's defaults unless changed)
};

// The results as JSON (see scripts/bench recs for the table it makes).
std::string run_recs_bench(const RecsBenchOptions& options);

}  // namespace marquee::dev
