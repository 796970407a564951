#pragma once
// `marquee dev blob-bench`: puts or gets `count` objects of `size` bytes, `parallel` at a
// time, through the configured BlobStore (--blobs), and reports the throughput as JSON, for
// scripts/bench's comparison with the AWS SDK on the same S3 server.
//   put       put_bytes from memory          get       read() into memory
//   put-file  put_file from a local file      get-file  get_to_file to a local file
// Keys are <prefix>/<i>; a get reads what a put with the same prefix, size and count wrote.
#include <cstdint>
#include <string>

#include "blob/BlobStore.h"

namespace marquee::dev {

struct BlobBenchOptions {
  std::string op = "put";
  std::uint64_t size = 1 << 20;
  int count = 32;
  int parallel = 8;
  std::string prefix = "bench";
  std::string scratch_dir = "/tmp";  // for the *-file ops
};

// {"op", "size", "count", "parallel", "bytes", "seconds", "mb_per_s", "cpu_s"} (cpu_s: the
// process's user + system CPU over the timed loop); throws on a failed
// operation or a get whose bytes differ from what put wrote.
std::string run_blob_bench(blob::BlobStore& store, const BlobBenchOptions& options);

}  // namespace marquee::dev
