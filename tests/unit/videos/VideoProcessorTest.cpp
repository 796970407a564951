// The video pipeline's bookkeeping around the job queue: a video never stays queued,
// processing or playable behind a dead job, and an admin's retry brings it back to life.
#include <gtest/gtest.h>

#include "events/InProcessEventBus.h"

#include <filesystem>

#include "blob/LocalBlobStore.h"
#include "core/Clock.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "jobs/JobQueue.h"
#include "jobs/WorkerPool.h"
#include "support/DomainFixtures.h"
#include "support/MediaFixtures.h"
#include "support/TestDatabase.h"
#include "videos/VideoProcessor.h"
#include "videos/VideoService.h"

namespace marquee::videos {
namespace {

constexpr Millis kLease = 60'000;

class VideoProcessorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = marquee::testing::make_temp_dir("marquee-processor");
    db_ = db::open_database(marquee::testing::fresh_database_url(dir_), {});
    db::run_migrations(*db_);
    videos_ = std::make_unique<VideoService>(*db_, clock_, bus_);
    blobs_ = std::make_unique<blob::LocalBlobStore>(dir_ + "/blobs");
    queue_ = std::make_unique<jobs::JobQueue>(*db_, clock_);
    ProcessingOptions options;
    options.work_root = dir_ + "/work";
    options.preset = "ultrafast";
    options.max_attempts = 2;
    processor_ = std::make_unique<VideoProcessor>(*videos_, *blobs_, *queue_, bus_, options);
    creator_ = marquee::testing::insert_user(*db_, "maker", accounts::Role::creator);
  }

  void TearDown() override {
    processor_.reset();
    queue_.reset();
    blobs_.reset();
    videos_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string new_video() {
    VideoDraft draft;
    draft.title = "clip";
    return videos_->create(creator_, draft).id;
  }

  // Claims the next transcode job and runs it as a worker would: a throw is a failed attempt.
  std::optional<jobs::Job> run_one() {
    auto job = queue_->claim("worker", {kTranscodeJob}, kLease);
    if (!job) return std::nullopt;
    jobs::JobContext context(*job);
    try {
      processor_->run(context);
      queue_->complete(job->id, "worker");
    } catch (const std::exception& e) {
      queue_->fail(job->id, "worker", e.what());
    }
    return job;
  }

  Video video(const std::string& id) { return *videos_->find(id); }

  std::string dir_;
  ManualClock clock_{1'767'225'600'000};
  events::InProcessEventBus bus_{"test-node"};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<VideoService> videos_;
  std::unique_ptr<blob::LocalBlobStore> blobs_;
  std::unique_ptr<jobs::JobQueue> queue_;
  std::unique_ptr<VideoProcessor> processor_;
  accounts::Principal creator_;
};

TEST_F(VideoProcessorTest, a_dead_job_fails_its_video_and_a_retry_brings_it_back) {
  const std::string id = new_video();
  processor_->enqueue(id);  // its source never arrived in the blob store: every attempt fails
  ASSERT_TRUE(run_one());
  EXPECT_EQ(video(id).status, VideoStatus::queued);  // one attempt left
  clock_.advance(queue_->backoff_after(1));
  auto last = run_one();
  ASSERT_TRUE(last);
  EXPECT_EQ(queue_->get(last->id)->state, jobs::JobState::dead);
  const Video failed = video(id);
  EXPECT_EQ(failed.status, VideoStatus::failed);
  EXPECT_NE(failed.failure_reason.find("after 2 attempts"), std::string::npos) << failed.failure_reason;

  // The operator fixes the cause and retries the job from the admin route.
  const std::string clip = marquee::testing::make_clip(dir_, "clip.mp4", 160, 120, 1, false);
  blobs_->put_file(blob::blob_keys::source(id), clip);
  queue_->retry(last->id);
  EXPECT_EQ(video(id).status, VideoStatus::queued);
  EXPECT_EQ(video(id).progress, 0);
  ASSERT_TRUE(run_one());
  EXPECT_EQ(video(id).status, VideoStatus::ready);
  EXPECT_EQ(video(id).progress, 100);
}

TEST_F(VideoProcessorTest, a_job_whose_worker_died_on_its_last_attempt_fails_its_video) {
  const std::string id = new_video();
  processor_->enqueue(id);
  // Two workers in turn take the job and die with it (their leases are never renewed), the
  // second time while the video was already playable.
  ASSERT_TRUE(queue_->claim("doomed-1", {kTranscodeJob}, kLease));
  clock_.advance(kLease + 1);
  ASSERT_TRUE(queue_->claim("doomed-2", {kTranscodeJob}, kLease));
  videos_->set_status(id, VideoStatus::playable);
  clock_.advance(kLease + 1);
  EXPECT_FALSE(queue_->claim("survivor", {kTranscodeJob}, kLease));  // buries it: no attempts left
  EXPECT_EQ(video(id).status, VideoStatus::failed);
  EXPECT_FALSE(video(id).failure_reason.empty());
}

TEST_F(VideoProcessorTest, a_video_left_waiting_behind_a_dead_job_is_settled_at_start) {
  const std::string id = new_video();
  processor_->enqueue(id);
  // The job died in a process that stopped before telling the pipeline.
  db_->execute("UPDATE jobs SET state = 'dead', attempts = 2 WHERE subject = ?", {id});
  videos_->set_status(id, VideoStatus::playable);
  processor_->settle_dead_jobs();
  EXPECT_EQ(video(id).status, VideoStatus::failed);
}

TEST_F(VideoProcessorTest, an_old_dead_job_leaves_a_video_that_started_over_alone) {
  const std::string id = new_video();
  processor_->enqueue(id);
  db_->execute("UPDATE jobs SET state = 'dead', attempts = 2 WHERE subject = ?", {id});
  videos_->set_status(id, VideoStatus::uploading);  // its owner is uploading a new source
  processor_->settle_dead_jobs();
  EXPECT_EQ(video(id).status, VideoStatus::uploading);
  // Nor does an admin's retry of that old job take it over.
  const std::string job = queue_->list({}).items.front().id;
  queue_->retry(job);
  EXPECT_EQ(video(id).status, VideoStatus::uploading);
}

TEST_F(VideoProcessorTest, a_ready_video_is_left_alone_when_a_stale_job_dies) {
  const std::string id = new_video();
  processor_->enqueue(id);
  ASSERT_TRUE(queue_->claim("slow", {kTranscodeJob}, kLease));
  videos_->set_status(id, VideoStatus::ready);  // another delivery of the job finished it
  clock_.advance(kLease + 1);
  ASSERT_TRUE(queue_->claim("again", {kTranscodeJob}, kLease));
  clock_.advance(kLease + 1);
  queue_->claim("third", {kTranscodeJob}, kLease);
  EXPECT_EQ(video(id).status, VideoStatus::ready);
}

}  // namespace
}  // namespace marquee::videos
