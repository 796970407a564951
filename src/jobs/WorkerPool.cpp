#include "jobs/WorkerPool.h"

#include "jobs/JobEvents.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>

namespace marquee::jobs {
namespace {

constexpr std::chrono::milliseconds kDestructorGrace{30'000};

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0 || buffer[0] == '\0') return "localhost";
  return buffer;
}

// "hostname:pid:N" with N unique among the worker threads of this process.
std::string new_worker_id() {
  static std::atomic<int> next_thread_number{0};
  static const std::string process = host_name() + ":" + std::to_string(getpid());
  return process + ":" + std::to_string(next_thread_number++);
}

}  // namespace

int default_worker_threads() {
  const unsigned cores = std::thread::hardware_concurrency();
  return std::max(1, static_cast<int>(cores / 2));
}

WorkerPool::WorkerPool(JobQueue& queue, WorkerPoolOptions options)
    : queue_(queue), options_(options), renewal_interval_(std::max<Millis>(1, options.lease_ms / 3)) {
  if (options_.threads < 1) throw std::invalid_argument("a worker pool needs at least one thread");
  if (options_.lease_ms < 3) throw std::invalid_argument("a job lease must last at least 3 ms");
}

WorkerPool::~WorkerPool() {
  stop(kDestructorGrace);
  for (auto& worker : workers_) {
    if (worker->thread.joinable()) worker->thread.join();
  }
}

void WorkerPool::register_handler(const std::string& kind, JobHandler handler) {
  std::lock_guard lock(mutex_);
  if (started_) throw std::logic_error("register job handlers before starting the worker pool");
  handlers_[kind] = std::move(handler);
}

void WorkerPool::start() {
  std::lock_guard lock(mutex_);
  if (started_) throw std::logic_error("a worker pool starts once");
  started_ = true;
  for (const auto& [kind, handler] : handlers_) kinds_.push_back(kind);
  for (int i = 0; i < options_.threads; ++i) {
    auto worker = std::make_unique<Worker>();
    worker->id = new_worker_id();
    workers_.push_back(std::move(worker));
  }
  for (auto& worker : workers_) worker->thread = std::thread([this, w = worker.get()] { work(*w); });
  lease_renewer_ = std::thread([this] { renew_leases(); });
}

void WorkerPool::notify() {
  std::lock_guard lock(mutex_);
  ++wake_generation_;
  wake_.notify_all();
}

void WorkerPool::wake_on(events::EventBus& bus) {
  enqueued_ = bus.subscribe(kJobEnqueued, [this](const events::Event&) { notify(); });
}

bool WorkerPool::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

std::vector<std::string> WorkerPool::worker_ids() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> ids;
  for (const auto& worker : workers_) ids.push_back(worker->id);
  return ids;
}

bool WorkerPool::stop(std::chrono::milliseconds grace) {
  bool finished_in_time = true;
  {
    std::unique_lock lock(mutex_);
    if (stopping_) return !gave_up_;
    stopping_ = true;
    wake_.notify_all();
    if (!started_) {
      stop_finished_ = true;
      return true;
    }
    finished_in_time =
        worker_exited_.wait_for(lock, grace, [this] { return all_workers_exited(); });
    if (!finished_in_time) {
      gave_up_ = true;
      for (auto& worker : workers_) {
        if (!worker->running) continue;
        worker->abandoned = true;
        worker->running->cancel();
        spdlog::warn("worker {} still runs job {} after the stop grace; leaving it to lease expiry", worker->id,
                     worker->running->job().id);
      }
    }
    stop_finished_ = true;
    renewals_.clear();
    renewals_changed_.notify_all();
  }
  lease_renewer_.join();
  if (finished_in_time) {
    for (auto& worker : workers_) worker->thread.join();
  }
  return finished_in_time;
}

bool WorkerPool::all_workers_exited() const {
  return std::all_of(workers_.begin(), workers_.end(), [](const auto& worker) { return worker->exited; });
}

void WorkerPool::work(Worker& worker) {
  for (;;) {
    std::uint64_t seen_generation = 0;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
      seen_generation = wake_generation_;
    }
    std::optional<Job> job;
    try {
      job = queue_.claim(worker.id, kinds_, options_.lease_ms);
    } catch (const std::exception& e) {
      spdlog::warn("worker {} could not claim a job: {}", worker.id, e.what());
    }
    if (job) {
      if (!run(worker, *job)) break;
      continue;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, options_.idle_poll, [&] { return stopping_ || wake_generation_ != seen_generation; });
  }
  std::lock_guard lock(mutex_);
  worker.exited = true;
  worker_exited_.notify_all();
}

bool WorkerPool::run(Worker& worker, const Job& job) {
  auto context = std::make_shared<JobContext>(job);
  {
    std::lock_guard lock(mutex_);
    if (gave_up_) return false;
    worker.running = context;
    renewals_.push_back({job.id, worker.id, context, std::chrono::steady_clock::now() + renewal_interval_});
    renewals_changed_.notify_all();
  }

  std::optional<std::string> error;
  try {
    handlers_.at(job.kind)(*context);
  } catch (const std::exception& e) {
    error = *e.what() ? e.what() : "the handler failed without a message";
  } catch (...) {
    error = "the handler threw something that is not a std::exception";
  }

  {
    std::lock_guard lock(mutex_);
    worker.running.reset();
    std::erase_if(renewals_, [&](const LeaseRenewal& renewal) { return renewal.job_id == job.id; });
    if (worker.abandoned) return false;
  }
  record_outcome(worker, job, error);
  return true;
}

void WorkerPool::record_outcome(const Worker& worker, const Job& job, const std::optional<std::string>& error) {
  try {
    const bool recorded = error ? queue_.fail(job.id, worker.id, *error) : queue_.complete(job.id, worker.id);
    if (!recorded) {
      spdlog::info("job {} ({}) is no longer leased to worker {}; its outcome was dropped", job.id, job.kind,
                   worker.id);
    } else if (error) {
      spdlog::warn("job {} ({}) attempt {} failed: {}", job.id, job.kind, job.attempts, *error);
    }
  } catch (const std::exception& e) {
    spdlog::error("worker {} could not record the outcome of job {}: {}; it runs again when its lease expires",
                  worker.id, job.id, e.what());
  }
}

void WorkerPool::renew_leases() {
  std::unique_lock lock(mutex_);
  while (!stop_finished_) {
    const auto now = std::chrono::steady_clock::now();
    std::vector<LeaseRenewal> due;
    auto next_due = std::chrono::steady_clock::time_point::max();
    for (auto& renewal : renewals_) {
      if (renewal.due <= now) {
        due.push_back(renewal);
        renewal.due = now + renewal_interval_;
      }
      next_due = std::min(next_due, renewal.due);
    }
    if (due.empty()) {
      if (renewals_.empty()) {
        renewals_changed_.wait(lock);
      } else {
        renewals_changed_.wait_until(lock, next_due);
      }
      continue;
    }
    lock.unlock();
    for (const auto& renewal : due) {
      try {
        if (!queue_.heartbeat(renewal.job_id, renewal.worker_id, options_.lease_ms)) {
          spdlog::info("job {} was cancelled or its lease lost; asking worker {} to stop it", renewal.job_id,
                       renewal.worker_id);
          renewal.context->cancel();
        }
      } catch (const std::exception& e) {
        spdlog::warn("could not renew the lease of job {}: {}", renewal.job_id, e.what());
      }
    }
    lock.lock();
  }
}

}  // namespace marquee::jobs
