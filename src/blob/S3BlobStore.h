#pragma once
// BlobStore over any S3-compatible object store (AWS S3, Cloudflare R2, Backblaze B2,
// Wasabi, MinIO, Ceph RGW): the scale-out store, shared by every node of a cluster.
//
// - Objects up to part_size go in one PUT; larger ones by multipart upload with up to
//   parallel_parts parts in flight (put_stream: two, so memory stays at about two parts
//   whatever the stream's length). A failed multipart upload is aborted, so no parts linger.
// - Every upload carries Content-MD5, which the store verifies, and the store's answer is
//   checked in turn: an ETag that is an MD5 must be the MD5 we sent (parts included), so a
//   corruption on the way in is caught even by a store that skips the check. Payloads are
//   signed as UNSIGNED-PAYLOAD: one hash per byte, not two.
// - Reads are ranged GETs; get_to_file streams to a temp file beside the target in 64 MiB
//   ranges, each after the first conditional on the first answer's ETag (If-Match), then
//   renames it: a retried or later range never stitches two versions of the object.
// - Listing follows continuation tokens; remove_prefix deletes in batches of 1,000.
// - Every request is retried on connection errors, 5xx, 429 and SlowDown (S3Client).
//
// Atomicity: S3 commits each PUT and each CompleteMultipartUpload whole, so the contract's
// all-or-nothing put holds. move_tree commits file by file, playlists last (BlobStore's
// default), so a player never reads a playlist naming a segment that is not there yet.
// etag is S3's (an MD5 for single PUTs, `md5-N` for multipart); modified_ms has S3's
// one-second resolution.
#include <cstddef>
#include <memory>

#include "blob/BlobStore.h"
#include "blob/MultipartUploads.h"
#include "blob/S3Client.h"
#include "blob/S3Location.h"

namespace marquee::blob {

struct S3BlobStoreOptions {
  std::size_t part_size = 8 * 1024 * 1024;  // S3 allows 5 MiB to 5 GiB (the last part may be smaller)
  int parallel_parts = 4;
  int list_page_size = 1000;  // keys per ListObjectsV2 page (S3 caps it at 1,000)
  S3ClientOptions client;
};

class S3BlobStore final : public BlobStore, public MultipartUploads {
 public:
  explicit S3BlobStore(S3Location location, S3BlobStoreOptions options = {});
  ~S3BlobStore() override;

  void put_file(const std::string& key, const std::string& local_path) override;
  void put_bytes(const std::string& key, std::string_view bytes) override;
  void put_stream(const std::string& key, const BlobSource& source) override;
  std::optional<BlobInfo> stat(const std::string& key) override;
  std::string read(const std::string& key, std::uint64_t offset, std::uint64_t length) override;
  void get_to_file(const std::string& key, const std::string& local_path) override;
  std::optional<std::string> local_path(const std::string& key) override;
  void remove(const std::string& key) override;
  std::size_t remove_prefix(const std::string& prefix) override;
  std::vector<BlobInfo> list_prefix(const std::string& prefix) override;
  std::optional<std::string> direct_url(const std::string& key, std::string_view method, std::chrono::seconds ttl,
                                        std::string_view content_type = {}) override;

  MultipartUploads* multipart() override { return this; }

  std::string begin_multipart(const std::string& key) override;
  std::string put_part_from_file(const std::string& key, const std::string& upload_id, int number,
                                 const std::string& local_path, std::uint64_t offset, std::uint64_t length) override;
  void complete_multipart(const std::string& key, const std::string& upload_id,
                          const std::vector<std::string>& etags) override;
  void abort_multipart(const std::string& key, const std::string& upload_id) override;
  std::string part_url(const std::string& key, const std::string& upload_id, int number,
                       std::chrono::seconds ttl) override;
  void copy_object(const std::string& from_key, const std::string& to_key, std::uint64_t size) override;
  std::size_t min_part_size() const override;
  std::size_t part_size() const override { return options_.part_size; }

  // Reachable and the bucket answers (a list of at most one key): for /api/ready.
  bool check_reachable(std::string& problem);
  S3Client& client() { return client_; }

 private:
  // Pulls parts from `next_part` (each at most part_size bytes; an empty one ends it) and
  // uploads them with up to `parallel` in flight. A part is the view next_part returns: into
  // the buffer it was given (a file, a stream), or straight into the caller's bytes.
  using PartSource = std::function<std::string_view(std::string& buffer)>;
  void put_parts(const std::string& key, const PartSource& next_part, int parallel);
  void put_single(const std::string& key, std::string_view bytes);
  std::string put_part(const std::string& key, const std::string& upload_id, int number, std::string_view bytes);

  S3BlobStoreOptions options_;
  S3Client client_;
};

}  // namespace marquee::blob
