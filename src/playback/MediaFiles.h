#pragma once
// Where a video's media files are right now. A transcode writes into a work directory
// (<data_dir>/work/{video_id}) so viewers can play while it runs; when it finishes the files
// move into the BlobStore (videos/{id}/hls/…, videos/{id}/thumbs/…). Lookups try the blob
// store, then the work directory, then the blob store again, so a file moving between the
// two is never reported missing.
#include <optional>
#include <string>

#include "blob/BlobStore.h"
#include "http/FileResponse.h"

namespace marquee::playback {

class MediaFiles {
 public:
  MediaFiles(blob::BlobStore& blobs, std::string work_root) : blobs_(blobs), work_root_(std::move(work_root)) {}

  // `relative` is "hls/…" or "thumbs/…"; anything else (the source) is never served.
  std::optional<http::FileFacts> locate(const std::string& video_id, const std::string& relative) const;
  std::string work_dir(const std::string& video_id) const { return work_root_ + "/" + video_id; }
  const std::string& work_root() const { return work_root_; }

 private:
  std::optional<http::FileFacts> from_blobs(const std::string& video_id, const std::string& relative) const;

  blob::BlobStore& blobs_;
  std::string work_root_;
};

// True for "hls/…" and "thumbs/…" paths made of safe segments.
bool is_servable_media_path(const std::string& relative);

}  // namespace marquee::playback
