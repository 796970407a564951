#pragma once
// Compiles (docs/studio.md#compiling): a project's ready clips, in the order given, joined by
// a transition, with music, into one MP4, as a durable job (kCompileJob) with progress on
// the owner's socket (final_video_status). A compile costs no credits. With `publish`, the
// result also becomes a Marquee video: the video is created (as a draft) when the compile is
// asked for, so its title and visibility are checked then, and gets the MP4 as its source
// when the compile is done, through the normal upload pipeline (HLS, screening). A compile
// that fails leaves nothing behind: no file, and no draft video.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "blob/BlobStore.h"
#include "core/Clock.h"
#include "db/Database.h"
#include "events/EventBus.h"
#include "jobs/JobQueue.h"
#include "jobs/WorkerPool.h"
#include "studio/MusicLibrary.h"
#include "studio/Studio.h"
#include "studio/StudioStore.h"
#include "videos/VideoProcessor.h"
#include "videos/VideoService.h"

namespace marquee::studio {

class FinalVideoStore;

inline constexpr const char* kCompileJob = "studio.compile";

enum class FinalStatus { queued, compiling, ready, failed };
std::string_view final_status_name(FinalStatus status);

struct FinalVideo {
  std::string id;
  std::string project_id;
  std::string user_id;
  FinalStatus status = FinalStatus::queued;
  double progress = 0;
  std::string recipe;  // JSON: what was asked for (CompileRequest, resolved)
  std::int64_t duration_ms = 0;
  std::int64_t size_bytes = 0;
  std::string failure_reason;
  std::string video_id;  // the published video, when `publish` was asked for
  Millis created_at = 0;
  Millis updated_at = 0;
};

std::string final_video_key(const FinalVideo& final_video);

struct CompileRequest {
  std::optional<std::vector<std::string>> clip_ids;  // default: the approved ready clips, in order
  std::string transition = "fade";
  std::int64_t transition_ms = 500;
  std::optional<std::string> music_track_id;  // default: the project's; "" for none
  int music_volume = 50;
  std::int64_t fade_out_ms = 2'000;
  std::optional<videos::VideoDraft> publish;
};

struct FinalVideoOptions {
  std::string work_root;
  std::string preset = "veryfast";
  int max_attempts = 3;
};

class FinalVideos {
 public:
  FinalVideos(db::Database& db, blob::BlobStore& blobs, MusicLibrary& music, jobs::JobQueue& queue,
              videos::VideoService& videos, videos::VideoProcessor& processor, events::EventBus& bus,
              const Clock& clock, FinalVideoOptions options);
  ~FinalVideos();

  // Checks the request against the project now, and queues the compile.
  FinalVideo compile(const accounts::Principal& owner, const std::string& project_id, const CompileRequest& request);
  FinalVideo get(const std::string& user_id, const std::string& final_id);
  std::vector<FinalVideo> of_project(const std::string& user_id, const std::string& project_id);
  // Whoever owns it (a signed URL is the credential): the blob key of a ready one.
  std::optional<std::string> file_key(const std::string& final_id);
  bool owns_ready(const std::string& user_id, const std::string& final_id);

  // Before a project is deleted: its compiles still to run are cancelled, and the draft videos
  // they were to publish go.
  void forget_project(const std::string& user_id, const std::string& project_id);

  // The kCompileJob handler, and its dead-job hook.
  void run(jobs::JobContext& job);
  void died(const jobs::Job& job);

 private:
  std::optional<FinalVideo> find(const std::string& final_id);
  void fail(const FinalVideo& final_video, const std::string& reason);
  void publish_status(const FinalVideo& final_video);

  db::Database& db_;
  StudioStore store_;
  std::unique_ptr<FinalVideoStore> finals_;
  blob::BlobStore& blobs_;
  MusicLibrary& music_;
  jobs::JobQueue& queue_;
  videos::VideoService& videos_;
  videos::VideoProcessor& processor_;
  events::EventBus& bus_;
  const Clock& clock_;
  FinalVideoOptions options_;
};

}  // namespace marquee::studio
