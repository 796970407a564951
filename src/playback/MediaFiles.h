#pragma once
// Where a video's media files are right now. A transcode writes into a work directory
// (<data_dir>/work/{video_id}) so viewers can play while it runs; when it finishes the files
// move into the BlobStore (videos/{id}/hls/…, videos/{id}/thumbs/…). With a remote store the
// worker also uploads the ladder as it grows (videos::LadderUploader), so a node that is
// not the worker finds the growing files in the store.
//
// Lookups on a local store try the store, then the work directory, then the store again, so
// a file moving between the two is never reported missing. On a remote store the work
// directory (present only on the worker's own machine) comes first: it costs no round trip.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "blob/BlobStore.h"
#include "http/FileResponse.h"

namespace marquee::playback {

// One media file: on this machine's disk (facts.path set), or in a remote store (blob_key
// set, facts.path empty). facts carries size, time and a quoted etag either way.
struct MediaFile {
  http::FileFacts facts;
  std::string blob_key;

  bool is_remote() const { return !blob_key.empty(); }
};

class MediaFiles {
 public:
  MediaFiles(blob::BlobStore& blobs, std::string work_root);

  // `relative` is "hls/…" or "thumbs/…"; anything else (the source) is never served.
  std::optional<MediaFile> locate(const std::string& video_id, const std::string& relative) const;
  // Bytes [first, first + length) of the file (a remote one is read from the store).
  std::string read(const MediaFile& file, std::uint64_t first, std::uint64_t length) const;
  // The whole file as it is now (a playlist or a storyboard: small).
  std::string read_all(const MediaFile& file) const;
  // A URL that serves the file without passing through Marquee (a presigned store URL), or
  // nullopt when the store has none.
  std::optional<std::string> direct_url(const MediaFile& file, std::chrono::seconds ttl) const;

  // True when lookups may cross the network: routes must not run them on an I/O thread.
  bool remote() const { return remote_; }
  std::string work_dir(const std::string& video_id) const { return work_root_ + "/" + video_id; }
  const std::string& work_root() const { return work_root_; }

 private:
  std::optional<MediaFile> from_blobs(const std::string& video_id, const std::string& relative) const;
  std::optional<MediaFile> from_work_dir(const std::string& video_id, const std::string& relative) const;

  blob::BlobStore& blobs_;
  std::string work_root_;
  bool remote_;
};

// True for "hls/…" and "thumbs/…" paths made of safe segments.
bool is_servable_media_path(const std::string& relative);

}  // namespace marquee::playback
