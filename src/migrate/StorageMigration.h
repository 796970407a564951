#pragma once
// `marquee migrate-storage`: copies every blob from one store to another (an embedded
// install's <data_dir>/blobs to S3, or one bucket to another), then verifies the copy.
//
// Resumable: a blob the destination already holds with the same size is not copied again
// (run the command again after an interruption); the verification then copies again any
// blob that has the right size and the wrong bytes, and checks it once more. Streamed: a remote source goes through a temp file,
// never through memory whole. Verification: the same keys on both sides, the same sizes,
// and the same SHA-256 of every blob's bytes, read back from both stores.
//
// Run it with the site stopped (or read-only): blobs written during the copy may be missed,
// which the verification reports as a difference. Unfinished uploads are not blobs (a local
// store keeps them in <data_dir>/uploads): let them finish or expire first.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "blob/BlobStore.h"

namespace marquee::migrate {

struct StorageMigrationReport {
  std::uint64_t objects = 0;   // blobs in the source
  std::uint64_t copied = 0;
  std::uint64_t skipped = 0;   // already in the destination with the same size
  std::uint64_t bytes_copied = 0;
  std::uint64_t verified = 0;  // same size and SHA-256 on both sides
  std::vector<std::string> differences;  // keys that are missing or differ, with why

  bool ok() const { return differences.empty() && verified == objects; }
  std::string to_json() const;
};

// `progress` receives a line now and then. `scratch_dir` holds temp files for remote sources.
StorageMigrationReport migrate_storage(blob::BlobStore& from, blob::BlobStore& to, const std::string& scratch_dir,
                                       const std::function<void(const std::string&)>& progress = {});

}  // namespace marquee::migrate
