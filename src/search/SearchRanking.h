#pragma once
// The order of relevance results (docs/search.md): text relevance from the index (per-field
// weights: title above tags above channel above description) times a mild prior for
// popularity and freshness, and a title equal to the query before everything else. Applied to
// windows of the index's order, so deep pages stay cheap and never repeat an item.
#include <string>
#include <vector>

#include "core/Clock.h"
#include "search/SearchStore.h"

namespace marquee::search {

// How many of the index's best matches are ranked together.
inline constexpr int kRankingWindow = 200;

// The prior: 1 + 0.15 · min(1, log10(1 + views) / 6) + 0.10 · 2^(−age / 30 days).
double ranking_prior(std::int64_t views, Millis age_ms);

// Reorders `hits` (one window) best first. `normalized_query` is ParsedQuery::normalized.
void rank_window(std::vector<VideoHit>& hits, const std::string& normalized_query, Millis now);

}  // namespace marquee::search
