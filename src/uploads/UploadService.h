#pragma once
// Resumable uploads, independent of the wire protocol (tus, a simple POST and a direct
// ticket all land here). Bytes stream to a spool file at the durable offset; the offset
// only moves forward once the bytes before it are durable — after fdatasync on a local
// store, or once they are parts or the tail in a shared store (StoredParts: any node can
// then resume the upload); the last byte hands the source to the video pipeline through
// the completion handler. A refused upload leaves nothing behind.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "accounts/Principal.h"
#include "core/Clock.h"
#include "core/Json.h"
#include "db/Database.h"
#include "uploads/Upload.h"
#include "uploads/UploadMetadata.h"
#include "uploads/StoredParts.h"
#include "uploads/UploadSpool.h"
#include "uploads/UploadStore.h"
#include "videos/VideoService.h"

namespace marquee::uploads {

struct UploadLimits {
  std::uint64_t max_file_bytes = 10ull << 30;    // 10 GiB
  std::uint64_t user_quota_bytes = 100ull << 30; // 100 GiB; 0: unlimited
  Millis expiry_ms = 24 * 3600 * 1000;           // an upload idle this long is removed
  std::uint64_t checkpoint_bytes = 64ull << 20;  // durable offset at least this often within one request
  bool any_user_may_upload = false;              // false: creators and above
};

// Receives a completed upload's file (the handler may move it) and starts processing.
// Must be idempotent: after a crash it may run again for the same upload.
using UploadCompletion = std::function<void(const Upload& upload, const std::string& file_path)>;

// One request's worth of bytes appended to an upload. Holds the upload's lock.
class UploadAppend {
 public:
  ~UploadAppend();
  // False when the bytes would pass the declared length or the disk refused them.
  bool write(std::string_view bytes);
  bool checkpoint_due() const;
  // Makes what write() had stored when it began durable and records that offset. May run
  // on another thread at the same time as write() (never with itself or finish()).
  void checkpoint();
  // Ends the request: syncs, verifies the checksum over this request's bytes (a mismatch
  // discards them), records the offset, and completes the upload at its last byte.
  // Throws Error(payload_too_large/insufficient_storage) when write() refused bytes.
  // `actual_length`, for bodies whose size is known only at their end (multipart), ends
  // the upload there: its declared length was an upper bound.
  Upload finish(std::optional<std::uint64_t> actual_length = std::nullopt);
  bool checksum_mismatch() const { return checksum_mismatch_; }

 private:
  friend class UploadService;
  struct Impl;
  explicit UploadAppend(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  bool checksum_mismatch_ = false;
};

class UploadService {
 public:
  // `stored` (may be null: a local store) keeps uploads in the shared store instead of
  // this node's disk. The completion handler then finds the source already in the store.
  UploadService(db::Database& db, videos::VideoService& videos, UploadSpool& spool, const Clock& clock,
                UploadLimits limits, UploadCompletion on_complete, StoredParts* stored = nullptr);

  // Creates the upload and, unless metadata names an existing draft (`video_id`), its
  // video from the metadata (title or filename, description, tags, visibility …).
  // 403 below the creator role, 413 beyond the size limit, 507 beyond the quota, 415 for
  // a filetype that is not video.
  Upload create(const accounts::Principal& who, std::uint64_t length, const UploadMetadata& metadata,
                const std::string& raw_metadata);
  // 404 unless the caller owns it and it has not expired.
  Upload get(const accounts::Principal& who, const std::string& id);
  // Starts appending at `offset`, which must equal the durable offset (409). 423 while
  // another request appends to the same upload. `sha1` is the expected digest of this
  // request's bytes, when the client sent one.
  std::unique_ptr<UploadAppend> append(const accounts::Principal& who, const std::string& id, std::uint64_t offset,
                                       std::optional<std::string> sha1);
  // Removes an unfinished upload and its file; its video goes back to draft.
  void terminate(const accounts::Principal& who, const std::string& id);

  // Direct uploads: a one-time URL for a single PUT of the video's bytes, valid an hour.
  // Checks role and video ownership now; size and quota when the bytes arrive.
  struct Ticket {
    std::string token;
    std::string video_id;
    Millis expires_at = 0;
  };
  Ticket issue_ticket(const accounts::Principal& who, const std::optional<std::string>& video_id,
                      const videos::VideoDraft& draft);
  // Redeems a ticket (once) and creates the upload it allows. 404 for an unknown, used or
  // expired token. Returns the upload and its owner as a principal for append().
  std::pair<Upload, accounts::Principal> redeem_ticket(const std::string& token, std::uint64_t length,
                                                       const std::string& filetype);

  // Direct-to-store uploads (DirectUploads): the row that reserves the quota and expires
  // like any upload, with no bytes on this node. Same checks as create().
  Upload create_direct(const accounts::Principal& who, std::uint64_t length, const std::string& filetype,
                       const std::string& filename, const std::optional<std::string>& video_id,
                       const videos::VideoDraft& draft);
  // The object is in the store and verified: the upload is done and processing starts.
  void complete_direct(const Upload& upload);
  // Ends a direct upload that failed verification: its object goes, the video is a draft
  // again with `reason`.
  void reject_direct(const Upload& upload, const std::string& reason);

  // Removes expired unfinished uploads; returns how many.
  int remove_expired();
  // Hands over uploads that completed but were not handed over (a crash in between).
  int resume_completed();

  const UploadLimits& limits() const { return limits_; }
  // 403 unless `who` may upload (creators and above, or anyone with upload_any_user).
  void check_upload_allowed(const accounts::Principal& who);

 private:
  friend class UploadAppend;
  Upload load_owned(const accounts::Principal& who, const std::string& id);
  void check_size_and_quota(const std::string& owner_id, std::uint64_t length, const std::string& filetype);
  std::string target_video(const accounts::Principal& who, const std::optional<std::string>& video_id,
                           const videos::VideoDraft& draft);
  Upload open_upload(const std::string& owner_id, const std::string& video_id, std::uint64_t length,
                     const std::string& raw_metadata, const std::string& filename, const std::string& filetype,
                     bool direct = false);
  void complete(const Upload& upload);
  void release(const std::string& id);
  void discard_bytes(const Upload& upload);

  UploadStore store_;
  videos::VideoService& videos_;
  UploadSpool& spool_;
  StoredParts* stored_;
  const Clock& clock_;
  UploadLimits limits_;
  UploadCompletion on_complete_;
  std::mutex busy_mutex_;
  std::set<std::string> busy_;  // uploads with an append in progress (guarded by busy_mutex_)
};

// Video fields from tus metadata; exposed for tests.
videos::VideoDraft draft_from_metadata(const UploadMetadata& metadata);
// Video fields from the JSON body of a direct-upload request (title, description, tags,
// category, visibility, is_premium, is_adult); the title falls back to `fallback_title`.
videos::VideoDraft draft_from_body(const json::BodyReader& body, const std::string& fallback_title = "Untitled");

}  // namespace marquee::uploads
