#pragma once
// The SQL of the job queue. Every method is one write or read transaction; the ones that
// act for a worker are guarded by the lease (state 'running' and lease_owner), so a worker
// that lost its lease changes nothing. What to do when (backoff, which states may be
// retried) is decided by JobQueue.
//
// Claiming is safe with any number of claimers in any number of processes: on PostgreSQL
// the candidate row is locked with FOR UPDATE SKIP LOCKED, so concurrent claimers take
// different rows without waiting; on SQLite the claim runs inside the single-writer
// (BEGIN IMMEDIATE) transaction, so claims are serialized.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Clock.h"
#include "db/Database.h"
#include "jobs/Job.h"

namespace marquee::jobs {

// last_error of a job whose worker stopped renewing its lease.
inline constexpr std::string_view kLeaseExpiredError = "lease expired";

// A place in the newest-first listing (created_at DESC, id DESC).
struct JobListPosition {
  Millis created_at = 0;
  std::string id;
};

struct JobListFilter {
  std::optional<JobState> state;
  std::optional<std::string> kind;
  std::optional<std::string> subject;
  std::optional<JobListPosition> after;  // strictly older than this position
  int limit = 50;
};

class JobStore {
 public:
  explicit JobStore(db::Database& db) : db_(db) {}

  // Throws db::UniqueViolation when the id is taken.
  void insert(const Job& job);
  void insert(db::Connection& c, const Job& job);  // in the caller's transaction
  std::optional<Job> find(const std::string& id);

  // In one write transaction: running jobs whose lease expired before `now` with no
  // attempts left become dead (last_error kLeaseExpiredError); then one job of `kinds` is
  // leased to worker_id until lease_expires_at and its attempts incremented. Jobs whose
  // lease expired (attempts left) come first — they are overdue, and get last_error
  // kLeaseExpiredError — then queued jobs with run_at <= now; each group in order
  // priority DESC, run_at, id. `claimed` is empty when none is claimable or `kinds` is
  // empty; `buried` lists the jobs this claim declared dead.
  struct ClaimOutcome {
    std::optional<Job> claimed;
    std::vector<Job> buried;
  };
  ClaimOutcome claim(const std::string& worker_id, const std::vector<std::string>& kinds, Millis now,
                     Millis lease_expires_at);
  // Moves the lease's expiry when the job is running under worker_id's lease (an expired
  // lease nobody re-claimed included). False otherwise.
  bool renew_lease(const std::string& id, const std::string& worker_id, Millis now, Millis lease_expires_at);
  // running → succeeded, under worker_id's lease. False when the lease is not theirs.
  bool mark_succeeded(const std::string& id, const std::string& worker_id, Millis now);
  // running → queued at retry_at, or → dead when retry_at is nullopt; records `error`.
  // Applies only while the job is running under worker_id's lease with `attempts` claims,
  // so a report from a lease that was claimed again is dropped. False when not applied.
  bool mark_failed(const std::string& id, const std::string& worker_id, int attempts, const std::string& error,
                   std::optional<Millis> retry_at, Millis now);
  // Queued and running jobs of `subject` → cancelled. Returns how many.
  int cancel_subject(const std::string& subject, Millis now);
  // A job in one of `from` → queued at `now` with attempts 0 and no lease expiry; its
  // last_error and lease_owner stay for the record. nullopt when there is no such job in
  // one of those states.
  std::optional<Job> requeue(const std::string& id, const std::vector<JobState>& from, Millis now);
  // Newest first, at most filter.limit jobs.
  std::vector<Job> list(const JobListFilter& filter);

 private:
  db::Database& db_;
};

}  // namespace marquee::jobs
