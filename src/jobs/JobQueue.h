#pragma once
// The durable job queue: background work lives in the database, so it survives restarts
// and any number of worker processes (on any number of machines, with PostgreSQL) share
// it. Delivery is at least once: a worker claims a job with a lease and renews it while it
// runs (heartbeat); when a worker dies its lease expires and another worker claims the
// job again. Handlers must therefore be safe to run again.
//
// Attempts: every claim counts as an attempt, a claim after an expired lease included. A
// failure is retried after an exponential backoff (base × 2^(attempts-1), capped) until
// max_attempts, then the job is dead and stays visible with its last error until an admin
// retries it. A running job whose lease expires with no attempts left becomes dead with
// last_error "lease expired" (noticed by the next claim).
//
// Thread safety: safe to share between threads and processes; every method is one short
// database transaction and blocks, so call it off I/O threads. Time comes from `clock`.
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"
#include "events/EventBus.h"
#include "jobs/Job.h"
#include "jobs/JobStore.h"

namespace marquee::jobs {

inline constexpr int kDefaultMaxAttempts = 5;
inline constexpr std::int64_t kDefaultJobPageSize = 50;
inline constexpr std::int64_t kMaxJobPageSize = 200;

struct EnqueueOptions {
  int priority = 0;                     // higher is claimed first
  std::optional<Millis> run_at;         // default: now
  int max_attempts = kDefaultMaxAttempts;
  std::optional<std::string> subject;   // e.g. the video id, for cancel_subject
};

// Delay before retry number n (n = attempts so far): base × 2^(n-1), never above max.
struct BackoffPolicy {
  Millis base_ms = 5'000;
  Millis max_ms = 10 * 60'000;
};

struct JobFilter {
  std::optional<JobState> state;
  std::optional<std::string> kind;
  std::optional<std::string> subject;
  std::optional<std::int64_t> limit;   // 1…kMaxJobPageSize, default kDefaultJobPageSize
  std::optional<std::string> cursor;   // next_cursor of the previous page
};

struct JobPage {
  std::vector<Job> items;                  // newest first
  std::optional<std::string> next_cursor;  // absent on the last page
};

// What the owner of a kind of job does when one of its jobs ends without succeeding or comes
// back, so the thing the job works on never stays "in progress" behind a dead job: the
// video pipeline marks its video failed, and queued again when an admin retries the job.
// Called after the change is committed, on the thread that made it; a hook that throws is
// logged and does not undo the change.
struct JobKindHooks {
  std::function<void(const Job&)> on_dead;      // no attempts left (failed, or lease expired)
  std::function<void(const Job&)> on_requeued;  // an admin sent a dead or cancelled job back
};

class JobQueue {
 public:
  // REQUIRES: db has the jobs migration applied; db and clock outlive the queue.
  // With a bus, every enqueue publishes kJobEnqueued (JobEvents.h) once committed.
  JobQueue(db::Database& db, const Clock& clock, BackoffPolicy backoff = {}, events::EventBus* bus = nullptr);

  // Adds a queued job and returns its id. Throws Error(validation_failed) when kind is
  // empty, payload is not JSON or max_attempts < 1.
  std::string enqueue(std::string_view kind, std::string_view payload, const EnqueueOptions& options = {});
  // enqueue() inside the caller's write transaction: the job exists only if that commits,
  // with whatever else the transaction wrote (a clip and the credits it cost). Call
  // announce(kind) once it has committed, to wake the workers.
  std::string enqueue_in(db::Connection& c, std::string_view kind, std::string_view payload,
                         const EnqueueOptions& options = {});
  void announce(std::string_view kind);

  // Registers the hooks of `kind` (one set per kind; a later call replaces it).
  void watch(std::string kind, JobKindHooks hooks);

  // Leases the most urgent claimable job of one of `kinds` (priority DESC, then run_at) to
  // worker_id for lease_ms and counts the attempt. nullopt when nothing is claimable. Jobs
  // of any kind found with an expired lease and no attempts left die here (on_dead runs).
  std::optional<Job> claim(const std::string& worker_id, const std::vector<std::string>& kinds, Millis lease_ms);
  // Extends the lease to now + lease_ms. False when the job is no longer running under
  // worker_id's lease (cancelled, claimed by another worker after expiry, finished): the
  // handler should stop, its result will be dropped.
  bool heartbeat(const std::string& id, const std::string& worker_id, Millis lease_ms);
  // Marks the job succeeded. False (and no change) when the lease is no longer worker_id's.
  bool complete(const std::string& id, const std::string& worker_id);
  // Records `error` and schedules a retry at now + backoff_after(attempts), or marks the
  // job dead when attempts >= max_attempts (on_dead runs). False (and no change) when the
  // lease is no longer worker_id's.
  bool fail(const std::string& id, const std::string& worker_id, const std::string& error);

  // Cancels the queued and running jobs of `subject`; running ones learn it at their next
  // heartbeat. Returns how many were cancelled.
  int cancel_subject(const std::string& subject);

  // Dead and cancelled jobs go back to queued, runnable now, with attempts reset (their
  // last_error stays for the record; on_requeued runs). Throws Error(not_found) for an unknown id and
  // Error(conflict) when the job is queued, running or succeeded.
  Job retry(const std::string& id);

  std::optional<Job> get(const std::string& id);
  // Newest first. Throws Error(validation_failed) for a bad limit or cursor.
  JobPage list(const JobFilter& filter);

  // The delay before the retry that follows `attempts` failed attempts.
  Millis backoff_after(int attempts) const;

 private:
  Job new_job(std::string_view kind, std::string_view payload, const EnqueueOptions& options) const;
  enum class Transition { died, requeued };
  void notify(Transition transition, const Job& job) const;

  JobStore store_;
  const Clock& clock_;
  const BackoffPolicy backoff_;
  events::EventBus* bus_;
  mutable std::mutex hooks_mutex_;
  std::map<std::string, JobKindHooks, std::less<>> hooks_;  // guarded by hooks_mutex_
};

}  // namespace marquee::jobs
