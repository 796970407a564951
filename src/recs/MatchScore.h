#pragma once
// How the two signals of a recommendation become one score, and the score the "98% match"
// a client shows (docs/ranking.md, Recommendations):
//
//   score = 1 − (1 − content)·(1 − cowatch)        content, cowatch in [0, 1]
//   match = round(100 · √score)                      0–100
//
// The score is high when either signal is strong and higher when both agree; a video nobody
// watched yet ranks on its content alone. The square root spreads the range where related
// short texts' cosines fall (0.25 → 50, 0.5 → 71, 0.8 → 89). Like the established convention,
// a match under 50 is not shown as a percentage: match_label is then absent.
#include <optional>
#include <string>

namespace marquee::recs {

inline constexpr int kShownMatch = 50;

// Both inputs are clamped to [0, 1].
double blend_score(double content, double cowatch);
int match_percent(double score);
// "87% match", or nullopt under kShownMatch.
std::optional<std::string> match_label(int match);

}  // namespace marquee::recs
