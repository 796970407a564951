#pragma once
// The bytes of a resumable upload kept in the shared object store, so that an upload begun
// through one node can go on through any other, and survives the death of the node that
// was receiving it. Used when the BlobStore has multipart uploads (S3); the local store
// keeps the single-node spool (UploadSpool) alone.
//
// Layout: the upload's bytes become the parts of one multipart upload of the video's
// source key, each exactly part_size bytes, so part k always covers
// [(k-1)·part_size, k·part_size) whichever node sends it. Bytes past the last whole part
// that must be durable (a request ended) go to a tail blob: the durable buffer for what is
// too small for a part. The database holds the durable offset (uploads.upload_offset), the
// multipart id and each part's etag. A tail is named by the bytes it holds,
// uploads/<id>/tail-<from>-<to>, and a request reads only the one named by the database's
// [parts_end, upload_offset): a tail written by a request that then failed to move the
// offset (a crash, or a second node racing it) is never mistaken for the durable one.
// The last byte sends the rest as the final part and commits the source: no node ever
// copies the whole file. Everything under uploads/<id>/ goes when the upload ends.
//
// The receiving node still writes each request into its spool file (at absolute offsets,
// a sparse file), because the HTTP layer streams into it while parts go up from it on the
// blocking pool; a resuming node first fetches the tail into it. Disk behind sent parts is
// released as they go.
#include <cstdint>
#include <string>
#include <vector>

#include "blob/BlobStore.h"
#include "blob/MultipartUploads.h"
#include "db/Database.h"
#include "uploads/Upload.h"
#include "uploads/UploadSpool.h"

namespace marquee::uploads {

class StoredParts {
 public:
  // REQUIRES: store.multipart() is not null.
  StoredParts(blob::BlobStore& store, db::Database& db, UploadSpool& spool);

  // What the store holds of one upload, as the database records it.
  struct Progress {
    std::string multipart_id;        // "" until the first part
    std::vector<std::string> etags;  // parts 1..n, each part_size bytes
    std::uint64_t part_size = 0;

    std::uint64_t parts_end() const { return etags.size() * part_size; }
  };

  std::uint64_t part_size() const { return part_size_; }
  // The parts recorded below the upload's durable offset (a part recorded by a node that
  // died before it moved the offset is ignored, and sent again: same number, same bytes).
  Progress load(const Upload& upload);
  // Makes the spool file hold [parts_end, upload.offset) again, from the tail blob, so a
  // request may append at upload.offset on this node.
  void restore_tail(const Upload& upload, const Progress& progress);
  // Sends every whole part of [parts_end, up_to) from the spool file and records it.
  void send_parts(const Upload& upload, Progress& progress, std::uint64_t up_to);
  // Makes [parts_end, up_to) durable as the tail blob (before the offset moves to up_to).
  void store_tail(const Upload& upload, const Progress& progress, std::uint64_t up_to);
  // Brings back the tail, sends [parts_end, upload.length) as the last part and commits
  // the video's source.
  // Idempotent: a source already committed at the upload's length (a crash after the
  // commit, or a retried commit the store had already done) counts as done.
  void complete(const Upload& upload, Progress& progress);
  // Drops the multipart upload and the tail (a cancelled or expired upload).
  void discard(const Upload& upload);
  // Records the multipart upload a direct upload's client sends parts to.
  void set_multipart_id(const Upload& upload, const std::string& multipart_id);
  std::string multipart_id_of(const Upload& upload);

 private:
  std::string multipart_id(const Upload& upload, Progress& progress);
  // True when the video's source is in the store at the upload's length.
  bool committed(const Upload& upload);

  blob::BlobStore& store_;
  blob::MultipartUploads& parts_;
  db::Database& db_;
  UploadSpool& spool_;
  std::uint64_t part_size_;
};

std::string upload_tail_key(const std::string& upload_id, std::uint64_t from, std::uint64_t to);
std::string upload_prefix(const std::string& upload_id);
// Where a direct upload's client PUTs the bytes, until they are verified and copied to
// the video's source: a PUT through a URL still valid later cannot touch the source.
std::string direct_upload_key(const std::string& upload_id);

}  // namespace marquee::uploads
