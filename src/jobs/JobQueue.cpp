#include "jobs/JobQueue.h"

#include "jobs/JobEvents.h"

#include <boost/json/parse.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/Error.h"
#include "core/Ids.h"
#include "core/TimeCursor.h"

namespace marquee::jobs {
namespace {

// States an admin may send back to the queue: the ones whose work did not finish.
const std::vector<JobState> kRetryableStates = {JobState::dead, JobState::cancelled};

// The opaque cursor: the time cursor of the last job on the page.
std::string encode_cursor(const Job& last) { return encode_time_cursor(last.created_at, last.id); }

JobListPosition decode_cursor(std::string_view cursor) {
  auto decoded = decode_time_cursor(cursor);
  JobListPosition position;
  position.created_at = decoded.at;
  position.id = std::move(decoded.id);
  return position;
}

bool is_json(std::string_view text) {
  boost::system::error_code ec;
  boost::json::parse(text, ec);
  return !ec;
}

}  // namespace

JobQueue::JobQueue(db::Database& db, const Clock& clock, BackoffPolicy backoff, events::EventBus* bus)
    : store_(db), clock_(clock), backoff_(backoff), bus_(bus) {}

Job JobQueue::new_job(std::string_view kind, std::string_view payload, const EnqueueOptions& options) const {
  if (kind.empty()) throw_validation("kind", "a job needs a kind");
  if (!is_json(payload)) throw_validation("payload", "a job's payload must be JSON");
  if (options.max_attempts < 1) throw_validation("max_attempts", "max_attempts must be at least 1");

  const Millis now = clock_.now_ms();
  Job job;
  job.id = new_public_id();
  job.kind = std::string(kind);
  job.payload = std::string(payload);
  job.priority = options.priority;
  job.state = JobState::queued;
  job.max_attempts = options.max_attempts;
  job.run_at = options.run_at.value_or(now);
  job.subject = options.subject;
  job.created_at = now;
  job.updated_at = now;
  return job;
}

std::string JobQueue::enqueue(std::string_view kind, std::string_view payload, const EnqueueOptions& options) {
  Job job = new_job(kind, payload, options);
  store_.insert(job);
  announce(kind);
  return job.id;
}

std::string JobQueue::enqueue_in(db::Connection& c, std::string_view kind, std::string_view payload,
                                 const EnqueueOptions& options) {
  Job job = new_job(kind, payload, options);
  store_.insert(c, job);
  return job.id;
}

void JobQueue::announce(std::string_view kind) {
  if (!bus_) return;
  events::Event event;
  event.type = kJobEnqueued;
  event.subject = std::string(kind);
  bus_->publish(std::move(event));
}

void JobQueue::watch(std::string kind, JobKindHooks hooks) {
  std::lock_guard lock(hooks_mutex_);
  hooks_[std::move(kind)] = std::move(hooks);
}

void JobQueue::notify(Transition transition, const Job& job) const {
  std::function<void(const Job&)> hook;
  {
    std::lock_guard lock(hooks_mutex_);
    auto it = hooks_.find(job.kind);
    if (it == hooks_.end()) return;
    hook = transition == Transition::died ? it->second.on_dead : it->second.on_requeued;
  }
  if (!hook) return;
  try {
    hook(job);
  } catch (const std::exception& e) {
    spdlog::error("{} hook of {} job {} failed: {}", transition == Transition::died ? "dead" : "requeued", job.kind,
                  job.id, e.what());
  }
}

std::optional<Job> JobQueue::claim(const std::string& worker_id, const std::vector<std::string>& kinds,
                                   Millis lease_ms) {
  const Millis now = clock_.now_ms();
  auto outcome = store_.claim(worker_id, kinds, now, now + lease_ms);
  for (const Job& dead : outcome.buried) notify(Transition::died, dead);
  return std::move(outcome.claimed);
}

bool JobQueue::heartbeat(const std::string& id, const std::string& worker_id, Millis lease_ms) {
  const Millis now = clock_.now_ms();
  return store_.renew_lease(id, worker_id, now, now + lease_ms);
}

bool JobQueue::complete(const std::string& id, const std::string& worker_id) {
  return store_.mark_succeeded(id, worker_id, clock_.now_ms());
}

bool JobQueue::fail(const std::string& id, const std::string& worker_id, const std::string& error) {
  auto job = store_.find(id);
  if (!job || job->state != JobState::running || job->lease_owner != worker_id) return false;
  const Millis now = clock_.now_ms();
  std::optional<Millis> retry_at;
  if (job->attempts < job->max_attempts) retry_at = now + backoff_after(job->attempts);
  if (!store_.mark_failed(id, worker_id, job->attempts, error, retry_at, now)) return false;
  if (!retry_at) {
    job->state = JobState::dead;
    job->last_error = error;
    job->finished_at = now;
    notify(Transition::died, *job);
  }
  return true;
}

int JobQueue::cancel_subject(const std::string& subject) { return store_.cancel_subject(subject, clock_.now_ms()); }

Job JobQueue::retry(const std::string& id) {
  if (auto requeued = store_.requeue(id, kRetryableStates, clock_.now_ms())) {
    notify(Transition::requeued, *requeued);
    return *requeued;
  }
  auto job = store_.find(id);
  if (!job) throw_not_found("job");
  throw Error(ErrorCode::conflict,
              "only dead or cancelled jobs can be retried; this one is " + std::string(job_state_name(job->state)),
              {{"state", std::string(job_state_name(job->state))}});
}

std::optional<Job> JobQueue::get(const std::string& id) { return store_.find(id); }

JobPage JobQueue::list(const JobFilter& filter) {
  const std::int64_t limit = filter.limit.value_or(kDefaultJobPageSize);
  if (limit < 1 || limit > kMaxJobPageSize) {
    throw_validation("limit", "limit must be between 1 and " + std::to_string(kMaxJobPageSize));
  }
  JobListFilter query;
  query.state = filter.state;
  query.kind = filter.kind;
  query.subject = filter.subject;
  if (filter.cursor && !filter.cursor->empty()) query.after = decode_cursor(*filter.cursor);
  query.limit = static_cast<int>(limit) + 1;

  JobPage page;
  page.items = store_.list(query);
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.resize(static_cast<std::size_t>(limit));
    page.next_cursor = encode_cursor(page.items.back());
  }
  return page;
}

Millis JobQueue::backoff_after(int attempts) const {
  Millis delay = backoff_.base_ms;
  for (int n = 1; n < attempts && delay < backoff_.max_ms; ++n) delay *= 2;
  return std::min(delay, backoff_.max_ms);
}

}  // namespace marquee::jobs
