#pragma once
// `marquee dev fingerprint-bench`: the blocklist's lookup time as the number of blocked frame
// hashes grows, against comparing every query hash with every stored one (the reference, in
// the same run). Stored hashes are random (uniform 256-bit); a query is an upload of
// `query_frames` frames, once unrelated to everything stored and once a copy of a stored video
// with up to 20 bits of each hash flipped (what a re-encode does). Prints JSON.
#include <cstdint>
#include <string>

namespace marquee::dev {

struct FingerprintBenchOptions {
  std::int64_t stored = 1'000'000;  // frame hashes on the blocklist
  int frames_per_list = 600;        // a removed video of ten minutes, one frame a second
  int query_frames = 60;            // an uploaded minute
  int queries = 20;                 // timed uploads of each kind
  int reference_queries = 3;        // timed brute-force scans of each kind
  std::uint64_t seed = 1;
};

std::string run_fingerprint_bench(const FingerprintBenchOptions& options);

}  // namespace marquee::dev
