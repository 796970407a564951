#include "recs/MatchScore.h"

#include <algorithm>
#include <cmath>

namespace marquee::recs {

double blend_score(double content, double cowatch) {
  content = std::clamp(content, 0.0, 1.0);
  cowatch = std::clamp(cowatch, 0.0, 1.0);
  return 1.0 - (1.0 - kContentWeight * content) * (1.0 - cowatch);
}

int match_percent(double score) {
  const double strength = 1.0 - std::exp(-std::max(0.0, score) / kContentWeight);
  return static_cast<int>(std::lround(100.0 * std::sqrt(strength)));
}

std::optional<std::string> match_label(int match) {
  if (match < kShownMatch) return std::nullopt;
  return std::to_string(match) + "% match";
}

}  // namespace marquee::recs
