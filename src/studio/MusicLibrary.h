#pragma once
// The music an admin offers for compiles (docs/studio.md#music): MP3, AAC or WAV files,
// checked by ffprobe (one audio stream of one of those codecs, a known duration within
// limits), kept in the blob store under music/{id}.{mp3|m4a|wav} as uploaded, and listed
// for every signed-in creator. Adding and removing a track goes to the audit log.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/AuditLog.h"
#include "blob/BlobStore.h"
#include "core/Clock.h"
#include "db/Database.h"

namespace marquee::studio {

struct MusicTrack {
  std::string id;
  std::string title;
  std::string artist;
  std::int64_t duration_ms = 0;
  std::string format;  // mp3 | aac | wav
  std::int64_t size_bytes = 0;
  Millis created_at = 0;
};

struct MusicLimits {
  std::uint64_t max_bytes = std::uint64_t{100} << 20;
  std::int64_t max_duration_ms = 30 * 60'000;
};

// The blob key of a track's file.
std::string music_key(const MusicTrack& track);

class MusicLibrary {
 public:
  MusicLibrary(db::Database& db, blob::BlobStore& blobs, audit::AuditLog& audit, const Clock& clock,
               MusicLimits limits = {});

  // Takes the audio file at `file` (kept: moved into the store). Throws
  // Error(unsupported_media_type) for audio of another kind, Error(unprocessable) for a file
  // that is not audio or out of limits, Error(validation_failed) for a bad title.
  MusicTrack add(const audit::Actor& admin, const std::string& file, const std::string& title,
                 const std::string& artist);
  std::vector<MusicTrack> list();
  std::optional<MusicTrack> find(const std::string& id);
  // Projects that chose it compile without music from then on.
  void remove(const audit::Actor& admin, const std::string& id);

  const MusicLimits& limits() const { return limits_; }

 private:
  db::Database& db_;
  blob::BlobStore& blobs_;
  audit::AuditLog& audit_;
  const Clock& clock_;
  MusicLimits limits_;
};

}  // namespace marquee::studio
