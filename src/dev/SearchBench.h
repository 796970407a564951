#pragma once
// `marquee dev search-bench`: loads a catalogue of generated videos whose words follow a Zipf
// law (as real titles do: a few words everywhere, most words rare), then times SearchService
// on one-, two- and three-word queries, typo and as-you-type queries and suggestions, beside
// the naive way (LIKE '%word%' over titles and descriptions) on the same database in the same
// run. Prints a markdown table (bench/RESULTS.md).
#include <cstdint>
#include <string>

#include "db/Database.h"

namespace marquee::dev {

struct SearchBenchOptions {
  std::int64_t videos = 1'000'000;
  int queries = 300;        // timed searches per kind
  int naive_queries = 10;   // timed LIKE scans per kind (each reads the whole table)
  std::uint64_t seed = 7;
  bool reuse = false;       // the database already holds a catalogue of this size: skip loading
};

// Returns the report; `progress` hears one line per phase.
std::string run_search_bench(db::Database& db, const SearchBenchOptions& options,
                             const std::function<void(const std::string&)>& progress);

}  // namespace marquee::dev
