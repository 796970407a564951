#pragma once
// Picks the BlobStore a process uses from its settings: `local` keeps blobs under
// <data_dir>/blobs; an s3:// URL selects the S3 store (S3Location.h describes the URL).
#include <cstddef>
#include <memory>
#include <string>

#include "blob/BlobStore.h"

namespace marquee::blob {

struct BlobStoreSettings {
  std::string url = "local";
  std::string local_root;  // for "local"
  std::string s3_access_key_id;
  std::string s3_secret_access_key;
  std::size_t part_size_bytes = 8 * 1024 * 1024;
  int parallel_parts = 4;
};

// Throws Error(validation_failed) for a URL that is neither.
std::unique_ptr<BlobStore> open_blob_store(const BlobStoreSettings& settings);

// "" when the store answers, else what is wrong (for /api/ready). The local store is
// checked by stat-ing a key, which touches its directory.
std::string blob_store_problem(BlobStore& store);

}  // namespace marquee::blob
