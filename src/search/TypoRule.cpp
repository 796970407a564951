#include "search/TypoRule.h"

#include <algorithm>
#include <vector>

namespace marquee::search {

int allowed_typos(std::size_t code_points) {
  if (code_points >= 9) return 2;
  if (code_points >= 5) return 1;
  return 0;
}

int typo_distance(std::u32string_view a, std::u32string_view b, int limit) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  const std::size_t gap = n > m ? n - m : m - n;
  if (gap > static_cast<std::size_t>(limit)) return limit + 1;
  // Three rows: the one before the previous is needed for swaps.
  std::vector<int> before(m + 1), previous(m + 1), current(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= n; ++i) {
    current[0] = static_cast<int>(i);
    int row_best = current[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, before[j - 2] + 1);
      current[j] = d;
      row_best = std::min(row_best, d);
    }
    if (row_best > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[m], limit + 1);
}

}  // namespace marquee::search
