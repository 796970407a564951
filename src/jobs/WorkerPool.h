#pragma once
// Runs jobs from a JobQueue on N threads of this process. Each thread loops: claim a job
// of a registered kind, run its handler, then record the outcome — complete when the
// handler returns, fail (with the exception's what() as the error) when it throws. While a
// handler runs, the pool renews its lease every lease/3; when a renewal is refused (the
// job was cancelled, or its lease expired and another worker took it) the job's
// JobContext turns cancelled so the handler can stop its ffmpeg and return.
//
// Idle threads poll the queue every idle_poll; notify() (call it after an in-process
// enqueue) wakes them at once. Several processes may run pools over the same database:
// the queue's claim guarantees each job has one lease holder at a time. Worker ids are
// "hostname:pid:N", N unique within the process.
//
// Shutdown: stop(grace) stops claiming and waits up to `grace` for running handlers.
// Handlers still running then are told to cancel and abandoned: their outcome is never
// recorded and their leases are no longer renewed, so their jobs return to the queue when
// the leases expire — a job is never marked failed because the process stopped.
//
// Thread safety: register_handler before start(); notify, stop and stopping may be called
// from any thread. The pool sleeps on the real (steady) clock; the queue's Clock decides
// run_at and lease times.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "jobs/Job.h"
#include "events/Subscription.h"
#include "jobs/JobQueue.h"

namespace marquee::jobs {

// What a handler sees while it runs one job.
class JobContext {
 public:
  explicit JobContext(Job job) : job_(std::move(job)) {}

  const Job& job() const { return job_; }
  const std::string& payload() const { return job_.payload; }
  // True once the job was cancelled, its lease was lost, or stop() gave up waiting for
  // it. The handler should stop its work and return; its outcome will not be recorded.
  bool cancelled() const { return cancellation_.stop_requested(); }
  // For std::stop_callback (e.g. to kill a child process the moment the job is cancelled).
  std::stop_token cancellation_token() const { return cancellation_.get_token(); }
  // Called by the pool; callable from any thread, more than once.
  void cancel() { cancellation_.request_stop(); }

 private:
  const Job job_;
  std::stop_source cancellation_;
};

using JobHandler = std::function<void(JobContext&)>;

// One transcode at a time per two cores, at least one.
int default_worker_threads();

struct WorkerPoolOptions {
  int threads = default_worker_threads();
  Millis lease_ms = 60'000;                          // renewed every lease_ms / 3
  std::chrono::milliseconds idle_poll{1'000};         // how long an idle thread waits before polling again
};

class WorkerPool {
 public:
  // REQUIRES: queue outlives the pool. Throws std::invalid_argument when threads < 1 or
  // lease_ms < 3.
  explicit WorkerPool(JobQueue& queue, WorkerPoolOptions options = {});
  // Stops with a 30 s grace if stop() was not called, then waits for every thread,
  // including handlers abandoned by stop() (they were told to cancel).
  ~WorkerPool();

  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // REQUIRES: before start(). A later handler for the same kind replaces the earlier one.
  void register_handler(const std::string& kind, JobHandler handler);
  // Starts the threads; they claim only jobs of registered kinds. Once per pool.
  void start();
  // Wakes idle threads to claim now (after an enqueue).
  void notify();
  // Wakes idle threads whenever any process queues a job (kJobEnqueued on `bus`), so a
  // separate worker process starts a job as soon as an API node queues it.
  void wake_on(events::EventBus& bus);
  // Stops claiming and waits up to `grace` for running handlers to finish and their
  // outcomes to be recorded. True when every thread finished; false when some handlers
  // were abandoned (see above). Later calls return at once.
  bool stop(std::chrono::milliseconds grace);
  bool stopping() const;

  std::vector<std::string> worker_ids() const;

 private:
  struct Worker {
    std::string id;
    std::thread thread;
    std::shared_ptr<JobContext> running;  // guarded by mutex_; set while a handler runs
    bool abandoned = false;               // guarded by mutex_
    bool exited = false;                  // guarded by mutex_
  };
  struct LeaseRenewal {
    std::string job_id;
    std::string worker_id;
    std::shared_ptr<JobContext> context;
    std::chrono::steady_clock::time_point due;
  };

  void work(Worker& worker);
  // Runs one claimed job and records its outcome. False when the pool gave up on it.
  bool run(Worker& worker, const Job& job);
  void record_outcome(const Worker& worker, const Job& job, const std::optional<std::string>& error);
  void renew_leases();
  bool all_workers_exited() const;  // REQUIRES: mutex_ held

  // Constant after construction.
  JobQueue& queue_;
  const WorkerPoolOptions options_;
  const std::chrono::milliseconds renewal_interval_;

  // Constant after start().
  std::map<std::string, JobHandler> handlers_;
  std::vector<std::string> kinds_;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::thread lease_renewer_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;               // idle workers wait here
  std::condition_variable worker_exited_;      // stop() waits here
  std::condition_variable renewals_changed_;   // the lease renewer waits here
  std::uint64_t wake_generation_ = 0;          // guarded by mutex_
  bool started_ = false;                       // guarded by mutex_
  bool stopping_ = false;                      // guarded by mutex_; no more claims
  bool gave_up_ = false;                       // guarded by mutex_; grace ran out, renewals stopped
  bool stop_finished_ = false;                 // guarded by mutex_
  std::vector<LeaseRenewal> renewals_;         // guarded by mutex_

  // Last: it goes first, so no event reaches a pool being torn down.
  events::Subscription enqueued_;
};

}  // namespace marquee::jobs
