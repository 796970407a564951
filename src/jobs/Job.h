#pragma once
// A background job as stored in the `jobs` table: what to do (kind + JSON payload), when
// (run_at, priority), who holds it (the lease) and how it went. Plain data; the rules live
// in JobQueue, the SQL in JobStore.
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/Clock.h"

namespace marquee::jobs {

// queued: waiting for run_at and a free worker (new, or retrying after a failure).
// running: a worker holds its lease. succeeded, dead (out of attempts) and cancelled are
// final until an admin retries a dead or cancelled job.
enum class JobState { queued, running, succeeded, dead, cancelled };

inline constexpr std::array<std::pair<JobState, std::string_view>, 5> kJobStateNames{{
    {JobState::queued, "queued"},
    {JobState::running, "running"},
    {JobState::succeeded, "succeeded"},
    {JobState::dead, "dead"},
    {JobState::cancelled, "cancelled"},
}};

constexpr std::string_view job_state_name(JobState state) {
  for (const auto& [value, name] : kJobStateNames) {
    if (value == state) return name;
  }
  return "queued";
}

constexpr std::optional<JobState> parse_job_state(std::string_view name) {
  for (const auto& [value, known] : kJobStateNames) {
    if (known == name) return value;
  }
  return std::nullopt;
}

struct Job {
  std::string id;
  std::string kind;                 // which handler runs it, e.g. "transcode"
  std::string payload = "{}";       // JSON, read by the handler
  int priority = 0;                 // higher is claimed first
  JobState state = JobState::queued;
  int attempts = 0;                 // claims so far; a claim after an expired lease counts
  int max_attempts = 1;
  Millis run_at = 0;                // not claimed before this
  std::optional<std::string> lease_owner;  // the worker that holds, or last held, the lease
  std::optional<Millis> lease_expires_at;  // set while running
  std::optional<std::string> last_error;   // the most recent failure; kept when a retry succeeds
  std::optional<std::string> subject;      // what it works on (a video id), for cancel_subject
  Millis created_at = 0;
  Millis updated_at = 0;
  std::optional<Millis> finished_at;       // when it became succeeded, dead or cancelled
};

}  // namespace marquee::jobs
