#pragma once
// "Viewers who completed this also completed that": an item-to-item signal from watch
// history. Each viewer's most recent watches (at most `per_viewer`, so the work per viewer is
// bounded) are paired; a pair counts the product of both completions, so two videos finished
// by the same people are close and a video abandoned after a few seconds adds little. For
// videos a and b, with c_ua viewer u's completion of a, n_a the viewers of a and n_ab those
// of both:
//
//   cowatch(a, b) = Σ_u c_ua·c_ub / sqrt(n_a · n_b) · n_ab / (n_ab + shrinkage)
//
// 1 when the same viewers watched both to the end; divided by the audiences' geometric mean
// so popular videos do not neighbour everything; shrunk towards 0 while few viewers watched
// both. Only each video's best `neighbours` are kept. The table is computed in memory from
// scratch (RecsService does it periodically) and immutable after.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/Clock.h"

namespace marquee::recs {

// One row of watch history: how far `user_id` got in `video_id` (0–1), and when.
struct WatchRecord {
  std::string user_id;
  std::string video_id;
  double completion = 0;
  Millis watched_at = 0;
};

struct CoWatchOptions {
  std::size_t per_viewer = 50;  // each viewer's most recent watches taken into account
  std::size_t neighbours = 50;  // kept per video
  double shrinkage = 2.0;       // n / (n + shrinkage): two viewers in common weigh half
};

struct CoWatched {
  std::string video_id;
  double score = 0;  // 0–1
};

class CoWatchTable {
 public:
  CoWatchTable() = default;
  // From watch records in any order.
  static CoWatchTable compute(const std::vector<WatchRecord>& records, const CoWatchOptions& options = {});

  // The video's co-watched neighbours, best first (ties by id); empty when it has none.
  std::span<const CoWatched> neighbours(std::string_view video_id) const;
  // Videos that have neighbours.
  std::size_t videos() const { return neighbours_.size(); }

 private:
  std::unordered_map<std::string, std::vector<CoWatched>> neighbours_;
};

}  // namespace marquee::recs
