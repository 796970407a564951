#include "dev/FingerprintBench.h"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <random>

#include "fingerprints/BlocklistIndex.h"
#include "fingerprints/FingerprintService.h"

namespace marquee::dev {
namespace {

using namespace fingerprints;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[std::min(values.size() - 1, static_cast<std::size_t>(p * static_cast<double>(values.size())))];
}

// Every stored hash against every query frame (and its mirror): what the index avoids.
int brute_force_matches(const std::vector<FrameHash>& stored, const std::vector<HashedFrame>& query) {
  int matched = 0;
  for (const auto& frame : query) {
    for (const auto& hash : stored) {
      if (hamming_distance(frame.hash, hash) <= kMatchDistance || hamming_distance(frame.mirrored, hash) <= kMatchDistance) {
        ++matched;
        break;
      }
    }
  }
  return matched;
}

}  // namespace

std::string run_fingerprint_bench(const FingerprintBenchOptions& options) {
  std::mt19937_64 random(options.seed);
  auto random_hash = [&] { return FrameHash{random(), random(), random(), random()}; };
  std::vector<FrameHash> stored(static_cast<std::size_t>(options.stored));
  for (auto& hash : stored) hash = random_hash();

  const auto build_started = Clock::now();
  BlocklistIndex index;
  for (std::size_t first = 0; first < stored.size(); first += static_cast<std::size_t>(options.frames_per_list)) {
    const std::size_t last = std::min(stored.size(), first + static_cast<std::size_t>(options.frames_per_list));
    std::vector<std::vector<FrameHash>> frames;
    for (std::size_t i = first; i < last; ++i) frames.push_back({stored[i]});
    index.add("list-" + std::to_string(first / static_cast<std::size_t>(options.frames_per_list)), frames);
  }
  (void)index.match({HashedFrame{}});  // builds the buckets
  const double build_ms = ms_since(build_started);

  auto unrelated_query = [&] {
    std::vector<HashedFrame> query(static_cast<std::size_t>(options.query_frames));
    for (auto& frame : query) frame = {random_hash(), random_hash(), {}, 100};
    return query;
  };
  auto copy_query = [&] {
    // A stored video's first frames, each with up to 20 bits flipped.
    const std::size_t list = random() % std::max<std::size_t>(1, stored.size() / static_cast<std::size_t>(options.frames_per_list));
    std::vector<HashedFrame> query;
    for (int f = 0; f < options.query_frames; ++f) {
      FrameHash hash = stored[std::min(stored.size() - 1, list * static_cast<std::size_t>(options.frames_per_list) + static_cast<std::size_t>(f))];
      const int flips = static_cast<int>(random() % 21);
      for (int b = 0; b < flips; ++b) {
        const auto bit = random() % 256;
        hash[bit / 64] ^= std::uint64_t{1} << (bit % 64);
      }
      query.push_back({hash, random_hash(), {}, 100});
    }
    return query;
  };

  boost::json::object out{{"stored_hashes", options.stored},
                          {"frames_per_list", options.frames_per_list},
                          {"query_frames", options.query_frames},
                          {"build_ms", build_ms}};
  for (const char* kind : {"unrelated", "copy"}) {
    std::vector<double> index_ms, brute_ms;
    int held = 0, brute_matched = 0;
    for (int q = 0; q < options.queries; ++q) {
      const auto query = std::string(kind) == "copy" ? copy_query() : unrelated_query();
      const auto started = Clock::now();
      const auto matches = index.match(query);
      const bool hold = decisive_match(matches, query.size(), true).has_value();
      index_ms.push_back(ms_since(started));
      held += hold;
      if (q < options.reference_queries) {
        const auto brute_started = Clock::now();
        brute_matched += brute_force_matches(stored, query) >= options.query_frames / 2;
        brute_ms.push_back(ms_since(brute_started));
      }
    }
    out[kind] = {{"index_p50_ms", percentile(index_ms, 0.5)},
                 {"index_p99_ms", percentile(index_ms, 0.99)},
                 {"reference_p50_ms", percentile(brute_ms, 0.5)},
                 {"held", held},
                 {"queries", options.queries},
                 {"reference_held", brute_matched},
                 {"reference_queries", std::min(options.queries, options.reference_queries)}};
  }
  return boost::json::serialize(out);
}

}  // namespace marquee::dev
