#pragma once
// A blob assembled from numbered parts sent at different times, possibly from different
// machines, then committed whole: S3's multipart upload; and server-side copies. Resumable uploads use it so that
// any node can go on with an upload another node began (uploads/StoredParts.h).
//
// Parts are numbered from 1; every part but the last must hold at least min_part_size()
// bytes. Sending a part number again replaces it. Nothing is visible under the key until
// complete(); abort() drops the parts. The upload id is opaque and safe to store.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace marquee::blob {

class MultipartUploads {
 public:
  virtual ~MultipartUploads() = default;

  virtual std::string begin_multipart(const std::string& key) = 0;
  // Sends bytes [offset, offset + length) of a local file as part `number`; returns its etag.
  virtual std::string put_part_from_file(const std::string& key, const std::string& upload_id, int number,
                                         const std::string& local_path, std::uint64_t offset,
                                         std::uint64_t length) = 0;
  // Commits parts 1..etags.size() (etags[i] is part i + 1's) as the blob at key.
  virtual void complete_multipart(const std::string& key, const std::string& upload_id,
                                  const std::vector<std::string>& etags) = 0;
  // Idempotent; a failure is logged by the caller, and the store's rule for incomplete
  // multipart uploads is the backstop.
  virtual void abort_multipart(const std::string& key, const std::string& upload_id) = 0;
  // A presigned URL a client PUTs part `number` to, valid for `ttl`.
  virtual std::string part_url(const std::string& key, const std::string& upload_id, int number,
                               std::chrono::seconds ttl) = 0;
  // Copies a whole blob to another key inside the store, without the bytes leaving it
  // (CopyObject, or UploadPartCopy beyond S3's 5 GiB single-copy limit).
  virtual void copy_object(const std::string& from_key, const std::string& to_key, std::uint64_t size) = 0;
  virtual std::size_t min_part_size() const = 0;
  virtual std::size_t part_size() const = 0;  // what the store prefers
};

}  // namespace marquee::blob
