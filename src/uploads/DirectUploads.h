#pragma once
// Direct-to-storage uploads (the MiniYT flow): the client PUTs a video's bytes straight to
// the object store through presigned URLs, so they never pass through Marquee; Marquee
// hands out the URLs, then verifies the object — its size and, with ffprobe reading it
// through a presigned GET, that it is a video — before it queues processing.
//
// Up to one part size the client makes one PUT; above it, a multipart upload: one URL per
// part (PUT each, keep each answer's ETag header) and a complete call with the ETags. An
// upload never completed expires like any other (uploads.expiry_s): its parts are aborted
// and anything it stored is removed. Needs a store with presigned URLs (S3).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "blob/BlobStore.h"
#include "uploads/StoredParts.h"
#include "uploads/UploadService.h"

namespace marquee::uploads {

class DirectUploads {
 public:
  // `stored` may be null (a local store): every call then answers 409 with the reason.
  DirectUploads(UploadService& uploads, blob::BlobStore& store, StoredParts* stored,
                std::chrono::seconds url_ttl = std::chrono::hours(6));

  struct Grant {
    Upload upload;
    std::string url;                     // one PUT (when part_urls is empty)
    std::vector<std::string> part_urls;  // part i + 1 at part_urls[i]
    std::uint64_t part_size = 0;
    std::string content_type;
    Millis urls_expire_at = 0;
  };
  Grant begin(const accounts::Principal& who, std::uint64_t size, const std::string& content_type,
              const std::string& filename, const std::optional<std::string>& video_id, const videos::VideoDraft& draft);

  // Commits the parts (when there are), verifies the object and queues processing. 422 with
  // the reason when the object is not what was declared (it is then removed, and the video
  // is a draft again); 404 for an upload that is not the caller's direct upload.
  Upload complete(const accounts::Principal& who, const std::string& upload_id, const std::vector<std::string>& etags);

 private:
  void verify(const Upload& upload);

  UploadService& uploads_;
  blob::BlobStore& store_;
  StoredParts* stored_;
  std::chrono::seconds url_ttl_;
};

}  // namespace marquee::uploads
