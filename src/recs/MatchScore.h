#pragma once
// How the two signals of a recommendation become one score, and the "87% match" a client
// shows (docs/ranking.md, Recommendations). With content the cosine of the content vectors
// (clamped to 0–1) and cowatch the co-watch score (0–1, CoWatch.h):
//
//   score = 1 − (1 − 0.2·content)·(1 − cowatch)
//   match = round(100 · √(1 − e^(−score / 0.2)))        0–100
//
// Either signal alone ranks, both together rank higher. Co-watch weighs more: what the same
// viewers went on to finish predicts the next watch better than words do (bench/RESULTS.md,
// section recs: co-watch alone has about twice the recall of content alone, and the blend
// with content at 0.2 matches co-watch's recall while reaching more of the catalogue);
// content ranks what nobody watched yet. A video known by its words alone tops out at 80 %
// (content 0.5 → 63, 0.25 → 47); past that the match is the viewers' doing (co-watch 0.5
// → 96). The match only rises with the score, so a list in rank order never shows a higher
// percentage below a lower one. Like the established convention, a match under 50 is not
// shown as a percentage: match_label is then absent.
#include <optional>
#include <string>

namespace marquee::recs {

inline constexpr double kContentWeight = 0.2;
inline constexpr int kShownMatch = 50;

// Both inputs are clamped to [0, 1].
double blend_score(double content, double cowatch);
int match_percent(double score);
// "87% match", or nullopt under kShownMatch.
std::optional<std::string> match_label(int match);

}  // namespace marquee::recs
