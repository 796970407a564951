#pragma once
// Turns an uploaded source into what viewers play: probe, plan the ladder, encode it once
// into a work directory (the video turns `playable` as soon as every rendition has its
// first segments) together with the poster, thumbnail and storyboard candidates, pick the
// poster, then move the HLS and image trees into the BlobStore (BlobStore::move_tree) and
// mark the video `ready`. Runs as the "transcode" job, so it survives
// restarts: a job whose worker died is claimed again and starts over from the source.
//
// A source that is not a usable video ends the video as `failed` with a reason and the job
// as done (retrying would not help); local trouble (disk, ffmpeg missing) fails the job,
// which the queue retries with backoff.
#include <string>

#include "blob/BlobStore.h"
#include "jobs/JobQueue.h"
#include "jobs/WorkerPool.h"
#include "events/EventBus.h"
#include "videos/SourceScreen.h"
#include "videos/VideoService.h"

namespace marquee::videos {

class LadderUploader;

inline constexpr const char* kTranscodeJob = "transcode";

struct ProcessingOptions {
  std::string work_root;  // <data_dir>/work
  int max_duration_s = 4 * 3600;
  std::string preset = "veryfast";
  int max_attempts = 4;
};

class VideoProcessor {
 public:
  // Watches its jobs on `queue`: a video whose transcode job dies becomes `failed` with a
  // reason, and `queued` again when an admin retries the job. When this node deletes a video
  // (kVideoDeleted on `bus`), its processing stops and its files go.
  VideoProcessor(VideoService& videos, blob::BlobStore& blobs, jobs::JobQueue& queue, events::EventBus& bus,
                 ProcessingOptions options);

  // Queues the transcode of a video whose source is in the blob store.
  void enqueue(const std::string& video_id);
  // The job handler.
  void run(jobs::JobContext& context);
  // Fails the videos of dead transcode jobs that are still waiting: a process that died
  // between a job's death and its hook left them so. Run at start.
  void settle_dead_jobs();
  // Stops a video's processing and removes every file it has.
  void discard(const std::string& video_id);
  // Every source passes each screen, in the order added, before it is decoded or beside its
  // encode and before it turns playable, as `timing` says (SourceScreen.h). Call before the
  // workers start.
  void add_source_screen(SourceScreen screen, ScreenTiming timing = ScreenTiming::before_decoding) {
    (timing == ScreenTiming::before_decoding ? screens_ : beside_screens_).push_back(std::move(screen));
  }
  // Every video's decoded frames pass each frame screen (SourceScreen.h). Before the workers start.
  void add_frame_screen(FrameScreen screen) { frame_screens_.push_back(std::move(screen)); }

  std::string work_dir(const std::string& video_id) const { return options_.work_root + "/" + video_id; }

 private:
  void process(const std::string& video_id, jobs::JobContext& context);
  // False when a screen rejected the source (the video failed, its source is gone).
  bool screen(const Video& video, const std::string& source_path);
  // A verdict's hold and age restriction; false when it refuses the video instead.
  bool apply(const Video& video, const ScreenVerdict& verdict);
  // Fails the video with `reason` and deletes its source.
  void refuse(const std::string& video_id, const std::string& reason);
  void screen_frames(const std::string& video_id, const std::string& luma_path, bool complete);
  void publish(const std::string& video_id, LadderUploader* uploader);
  void gave_up(const jobs::Job& job);
  void requeued(const jobs::Job& job);

  VideoService& videos_;
  blob::BlobStore& blobs_;
  jobs::JobQueue& queue_;
  ProcessingOptions options_;
  events::Subscription deleted_;
  std::vector<SourceScreen> screens_;
  std::vector<SourceScreen> beside_screens_;
  std::vector<FrameScreen> frame_screens_;
};

}  // namespace marquee::videos
