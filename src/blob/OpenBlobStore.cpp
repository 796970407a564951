#include "blob/OpenBlobStore.h"

#include "blob/LocalBlobStore.h"
#include "blob/S3BlobStore.h"
#include "blob/S3Location.h"
#include "core/Error.h"

namespace marquee::blob {

std::unique_ptr<BlobStore> open_blob_store(const BlobStoreSettings& settings) {
  if (settings.url.empty() || settings.url == "local") return std::make_unique<LocalBlobStore>(settings.local_root);
  if (settings.url.starts_with("s3://")) {
    S3BlobStoreOptions options;
    options.part_size = settings.part_size_bytes;
    options.parallel_parts = settings.parallel_parts;
    return std::make_unique<S3BlobStore>(
        parse_s3_location(settings.url, settings.s3_access_key_id, settings.s3_secret_access_key), options);
  }
  throw Error(ErrorCode::validation_failed, "blobs must be local or an s3:// URL", {{"field", "blobs"}});
}

std::string blob_store_problem(BlobStore& store) {
  if (auto* s3 = dynamic_cast<S3BlobStore*>(&store)) {
    std::string problem;
    return s3->check_reachable(problem) ? "" : problem;
  }
  try {
    store.stat("ready-check");
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace marquee::blob
