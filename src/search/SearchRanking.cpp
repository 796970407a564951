#include "search/SearchRanking.h"

#include <algorithm>
#include <cmath>

#include "search/SearchText.h"

namespace marquee::search {
namespace {

std::string joined_words(const std::string& text) {
  std::string out;
  for (const auto& word : words(text)) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

}  // namespace

double ranking_prior(std::int64_t views, Millis age_ms) {
  const double popularity = std::min(1.0, std::log10(1.0 + static_cast<double>(std::max<std::int64_t>(views, 0))) / 6.0);
  const double age_days = static_cast<double>(std::max<Millis>(age_ms, 0)) / 86'400'000.0;
  const double freshness = std::exp2(-age_days / 30.0);
  return 1.0 + 0.15 * popularity + 0.10 * freshness;
}

void rank_window(std::vector<VideoHit>& hits, const std::string& normalized_query, Millis now) {
  struct Ranked {
    bool exact;
    double score;
  };
  std::vector<Ranked> keys;
  keys.reserve(hits.size());
  for (const auto& hit : hits) {
    // Folding keeps a title's length within a few times its words' (and most titles are not
    // near the query's length at all): fold only those that could be equal.
    const bool could_be_exact = !normalized_query.empty() && hit.title.size() <= 4 * normalized_query.size() + 8 &&
                                4 * hit.title.size() + 8 >= normalized_query.size();
    keys.push_back({could_be_exact && joined_words(hit.title) == normalized_query,
                    hit.relevance * ranking_prior(hit.views, now - hit.created_at)});
  }
  std::vector<std::size_t> order(hits.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (keys[a].exact != keys[b].exact) return keys[a].exact;
    if (keys[a].score != keys[b].score) return keys[a].score > keys[b].score;
    return hits[a].id < hits[b].id;
  });
  std::vector<VideoHit> ranked;
  ranked.reserve(hits.size());
  for (std::size_t i : order) ranked.push_back(std::move(hits[i]));
  hits = std::move(ranked);
}

}  // namespace marquee::search
