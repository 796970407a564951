// The durable job queue against real databases: JobQueue on SQLite always and on
// PostgreSQL when MARQUEE_TEST_POSTGRES_URL is set (scripts/with-postgres sets it; the
// PostgreSQL cases skip without it), with a ManualClock so leases, run_at and backoff are
// exact. Then the WorkerPool on a real SQLite file with the real clock, and the admin
// routes through the request pipeline.
#include <gtest/gtest.h>

#include "events/InProcessEventBus.h"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "accounts/RequestAuth.h"
#include "support/SessionFixtures.h"
#include "accounts/TokenSigner.h"
#include "core/Clock.h"
#include "core/Error.h"
#include "core/Ids.h"
#include "core/Text.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "http/Metrics.h"
#include "http/RequestPipeline.h"
#include "jobs/JobQueue.h"
#include "jobs/JobRoutes.h"
#include "jobs/WorkerPool.h"
#include "events/NodeId.h"
#include "support/DomainFixtures.h"
#include "support/TestDatabase.h"

#include <unistd.h>

namespace marquee::jobs {
namespace {

using marquee::testing::error_from;
using marquee::testing::field_of;

using namespace std::chrono_literals;

constexpr Millis kStart = 1'767'225'600'000;  // 2026-01-01T00:00:00Z
constexpr Millis kLease = 30'000;

// A database of its own for one test: a SQLite file in a temp dir, or a fresh schema in
// the PostgreSQL server named by MARQUEE_TEST_POSTGRES_URL (dropped afterwards).
class ScratchDatabase {
 public:
  static std::optional<std::string> postgres_url() {
    const char* url = std::getenv("MARQUEE_TEST_POSTGRES_URL");
    if (url == nullptr || *url == '\0') return std::nullopt;
    return std::string(url);
  }

  explicit ScratchDatabase(const std::string& backend) {
    if (backend == "sqlite") {
      dir_ = marquee::testing::make_temp_dir("marquee-jobs");
      url_ = "sqlite:" + dir_ + "/marquee.db";
    } else {
      const std::string base = *postgres_url();
      admin_ = db::open_database(base, {.pool_size = 1});
      schema_ = "jobs_" + text::lower_ascii(new_public_id());
      for (char& c : schema_) {
        if (c == '-') c = '_';
      }
      admin_->execute("CREATE SCHEMA " + schema_);
      url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
    }
    db_ = db::open_database(url_, {.pool_size = 10});
    db::run_migrations(*db_);
  }

  ~ScratchDatabase() {
    db_.reset();
    if (admin_) admin_->execute("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  db::Database& db() { return *db_; }

 private:
  std::string dir_;
  std::string url_;
  std::string schema_;
  std::unique_ptr<db::Database> admin_;
  std::unique_ptr<db::Database> db_;
};

class JobQueueTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgres" && !ScratchDatabase::postgres_url()) {
      GTEST_SKIP() << "MARQUEE_TEST_POSTGRES_URL is not set; run the tests under scripts/with-postgres "
                      "to check the job queue on PostgreSQL";
    }
    database_ = std::make_unique<ScratchDatabase>(GetParam());
    queue_ = std::make_unique<JobQueue>(database_->db(), clock_);
  }

  void TearDown() override {
    queue_.reset();
    database_.reset();
  }

  Job job(const std::string& id) {
    auto found = queue_->get(id);
    if (!found) throw std::runtime_error("no job " + id);
    return *found;
  }

  std::string enqueue(const std::string& kind, EnqueueOptions options = {}) {
    return queue_->enqueue(kind, R"({"n":1})", options);
  }

  // Claims and fails the job once as `worker`, returning the job as it was claimed.
  Job claim_and_fail(const std::string& worker, const std::string& error) {
    auto claimed = queue_->claim(worker, {"transcode"}, kLease);
    if (!claimed) throw std::runtime_error("nothing to claim");
    EXPECT_TRUE(queue_->fail(claimed->id, worker, error));
    return *claimed;
  }

  std::vector<std::string> ids_of(const JobPage& page) {
    std::vector<std::string> ids;
    for (const auto& j : page.items) ids.push_back(j.id);
    return ids;
  }

  ManualClock clock_{kStart};

  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<JobQueue> queue_;
};

TEST_P(JobQueueTest, an_enqueued_job_is_claimed_with_a_lease_and_completed) {
  const std::string id =
      queue_->enqueue("transcode", R"({"video_id":"v1","ladder":[360,720]})", {.subject = "v1"});
  Job queued = job(id);
  EXPECT_EQ(queued.state, JobState::queued);
  EXPECT_EQ(queued.kind, "transcode");
  EXPECT_EQ(queued.attempts, 0);
  EXPECT_EQ(queued.max_attempts, kDefaultMaxAttempts);
  EXPECT_EQ(queued.run_at, kStart);
  EXPECT_EQ(queued.subject, "v1");
  EXPECT_FALSE(queued.lease_owner);

  clock_.advance(10);
  auto claimed = queue_->claim("host:1:0", {"transcode"}, kLease);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, id);
  EXPECT_EQ(claimed->state, JobState::running);
  EXPECT_EQ(claimed->attempts, 1);
  EXPECT_EQ(claimed->lease_owner, "host:1:0");
  EXPECT_EQ(claimed->lease_expires_at, kStart + 10 + kLease);
  EXPECT_EQ(claimed->payload, R"({"video_id":"v1","ladder":[360,720]})");
  EXPECT_FALSE(claimed->last_error);

  EXPECT_FALSE(queue_->claim("host:1:1", {"transcode"}, kLease)) << "a leased job is not claimed twice";

  clock_.advance(500);
  EXPECT_TRUE(queue_->complete(id, "host:1:0"));
  Job done = job(id);
  EXPECT_EQ(done.state, JobState::succeeded);
  EXPECT_EQ(done.finished_at, kStart + 510);
  EXPECT_FALSE(done.lease_expires_at);
  EXPECT_EQ(done.lease_owner, "host:1:0");
  EXPECT_FALSE(queue_->complete(id, "host:1:0")) << "a finished job cannot be completed again";
  EXPECT_FALSE(queue_->claim("host:1:1", {"transcode"}, kLease));
}

TEST_P(JobQueueTest, a_worker_claims_only_the_kinds_it_asks_for) {
  const std::string id = enqueue("thumbnail");
  EXPECT_FALSE(queue_->claim("w", {"transcode"}, kLease));
  EXPECT_FALSE(queue_->claim("w", {}, kLease));
  auto claimed = queue_->claim("w", {"transcode", "thumbnail"}, kLease);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, id);
}

TEST_P(JobQueueTest, higher_priority_is_claimed_first_then_earlier_run_at) {
  const std::string low = enqueue("transcode", {.priority = 0});
  const std::string urgent = enqueue("transcode", {.priority = 10});
  const std::string later_medium = enqueue("transcode", {.priority = 5, .run_at = kStart - 100});
  const std::string earlier_medium = enqueue("transcode", {.priority = 5, .run_at = kStart - 200});

  std::vector<std::string> order;
  while (auto claimed = queue_->claim("w", {"transcode"}, kLease)) order.push_back(claimed->id);
  EXPECT_EQ(order, (std::vector<std::string>{urgent, earlier_medium, later_medium, low}));
}

TEST_P(JobQueueTest, a_job_scheduled_for_later_is_not_claimed_before_its_run_at) {
  const std::string id = enqueue("transcode", {.run_at = kStart + 60'000});
  EXPECT_FALSE(queue_->claim("w", {"transcode"}, kLease));
  clock_.advance(59'999);
  EXPECT_FALSE(queue_->claim("w", {"transcode"}, kLease));
  clock_.advance(1);
  auto claimed = queue_->claim("w", {"transcode"}, kLease);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, id);
}

TEST_P(JobQueueTest, concurrent_workers_never_claim_the_same_job) {
  constexpr int kJobs = 200;
  constexpr int kWorkers = 8;
  std::set<std::string> enqueued;
  for (int i = 0; i < kJobs; ++i) enqueued.insert(enqueue("transcode", {.priority = i % 7}));

  std::vector<std::vector<std::string>> claimed_by(kWorkers);
  std::atomic<int> errors{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      const std::string worker_id = "host:1:" + std::to_string(w);
      try {
        while (auto claimed = queue_->claim(worker_id, {"transcode"}, kLease)) {
          EXPECT_EQ(claimed->lease_owner, worker_id);
          claimed_by[w].push_back(claimed->id);
        }
      } catch (const std::exception& e) {
        ++errors;
        ADD_FAILURE() << worker_id << ": " << e.what();
      }
    });
  }
  for (auto& t : workers) t.join();

  std::map<std::string, int> claims;
  for (const auto& ids : claimed_by) {
    for (const auto& id : ids) ++claims[id];
  }
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(claims.size(), enqueued.size());
  for (const auto& [id, times] : claims) {
    EXPECT_EQ(times, 1) << id << " was claimed " << times << " times";
    EXPECT_TRUE(enqueued.count(id)) << id;
  }
  EXPECT_FALSE(queue_->claim("late", {"transcode"}, kLease));
  for (const auto& id : enqueued) EXPECT_EQ(job(id).attempts, 1);
}

TEST_P(JobQueueTest, a_job_whose_lease_expired_is_claimed_again_by_another_worker_as_a_new_attempt) {
  const std::string id = enqueue("transcode");
  ASSERT_TRUE(queue_->claim("crashed:1:0", {"transcode"}, kLease));

  clock_.advance(kLease);
  EXPECT_FALSE(queue_->claim("host:2:0", {"transcode"}, kLease)) << "the lease is good until its last millisecond";
  clock_.advance(1);
  auto reclaimed = queue_->claim("host:2:0", {"transcode"}, kLease);
  ASSERT_TRUE(reclaimed);
  EXPECT_EQ(reclaimed->id, id);
  EXPECT_EQ(reclaimed->attempts, 2);
  EXPECT_EQ(reclaimed->lease_owner, "host:2:0");
  EXPECT_EQ(reclaimed->lease_expires_at, kStart + kLease + 1 + kLease);
  EXPECT_EQ(reclaimed->last_error, "lease expired");

  EXPECT_FALSE(queue_->heartbeat(id, "crashed:1:0", kLease)) << "the old worker learns it lost the job";
  EXPECT_FALSE(queue_->complete(id, "crashed:1:0"));
  EXPECT_FALSE(queue_->fail(id, "crashed:1:0", "too late"));
  EXPECT_TRUE(queue_->complete(id, "host:2:0"));
  EXPECT_EQ(job(id).state, JobState::succeeded);
  EXPECT_EQ(job(id).last_error, "lease expired");
}

TEST_P(JobQueueTest, an_overdue_expired_lease_is_claimed_before_queued_work) {
  const std::string abandoned = enqueue("transcode");
  ASSERT_TRUE(queue_->claim("crashed:1:0", {"transcode"}, kLease));
  const std::string urgent = enqueue("transcode", {.priority = 100});
  clock_.advance(kLease + 1);

  EXPECT_EQ(queue_->claim("w", {"transcode"}, kLease)->id, abandoned);
  EXPECT_EQ(queue_->claim("w", {"transcode"}, kLease)->id, urgent);
}

TEST_P(JobQueueTest, a_job_whose_lease_expires_with_no_attempts_left_is_dead) {
  const std::string id = enqueue("transcode", {.max_attempts = 2});
  ASSERT_TRUE(queue_->claim("a", {"transcode"}, kLease));
  clock_.advance(kLease + 1);
  ASSERT_TRUE(queue_->claim("b", {"transcode"}, kLease));
  clock_.advance(kLease + 1);

  EXPECT_FALSE(queue_->claim("c", {"something-else"}, kLease));
  Job dead = job(id);
  EXPECT_EQ(dead.state, JobState::dead);
  EXPECT_EQ(dead.attempts, 2);
  EXPECT_EQ(dead.last_error, "lease expired");
  EXPECT_EQ(dead.finished_at, kStart + 2 * (kLease + 1));
  EXPECT_FALSE(dead.lease_expires_at);
  EXPECT_FALSE(queue_->claim("c", {"transcode"}, kLease));
  EXPECT_FALSE(queue_->heartbeat(id, "b", kLease));
}

TEST_P(JobQueueTest, heartbeat_extends_the_lease_and_fails_once_the_job_is_cancelled) {
  const std::string id = enqueue("transcode", {.subject = "video-1"});
  ASSERT_TRUE(queue_->claim("w1", {"transcode"}, kLease));

  clock_.advance(20'000);
  EXPECT_TRUE(queue_->heartbeat(id, "w1", kLease));
  EXPECT_EQ(job(id).lease_expires_at, kStart + 20'000 + kLease);
  clock_.advance(20'000);
  EXPECT_FALSE(queue_->claim("w2", {"transcode"}, kLease)) << "past the first lease, inside the renewed one";
  EXPECT_FALSE(queue_->heartbeat(id, "w2", kLease)) << "only the lease holder renews";
  EXPECT_TRUE(queue_->heartbeat(id, "w1", kLease));

  EXPECT_EQ(queue_->cancel_subject("video-1"), 1);
  EXPECT_FALSE(queue_->heartbeat(id, "w1", kLease));
  EXPECT_FALSE(queue_->complete(id, "w1"));
  EXPECT_EQ(job(id).state, JobState::cancelled);
}

TEST_P(JobQueueTest, failures_retry_with_exponential_backoff_then_the_job_is_dead_with_its_last_error) {
  const std::string id = enqueue("transcode", {.max_attempts = 4});

  const std::vector<Millis> expected_delays = {5'000, 10'000, 20'000};
  for (std::size_t n = 0; n < expected_delays.size(); ++n) {
    const std::string error = "ffmpeg exited with status " + std::to_string(n + 1);
    Job claimed = claim_and_fail("w", error);
    EXPECT_EQ(claimed.attempts, static_cast<int>(n + 1));
    Job retrying = job(id);
    EXPECT_EQ(retrying.state, JobState::queued);
    EXPECT_EQ(retrying.run_at, clock_.now_ms() + expected_delays[n]) << "after attempt " << n + 1;
    EXPECT_EQ(retrying.last_error, error);
    EXPECT_FALSE(retrying.lease_expires_at);

    clock_.advance(expected_delays[n] - 1);
    EXPECT_FALSE(queue_->claim("w", {"transcode"}, kLease)) << "backing off after attempt " << n + 1;
    clock_.advance(1);
  }

  claim_and_fail("w", "ffmpeg exited with status 4");
  Job dead = job(id);
  EXPECT_EQ(dead.state, JobState::dead);
  EXPECT_EQ(dead.attempts, 4);
  EXPECT_EQ(dead.last_error, "ffmpeg exited with status 4");
  EXPECT_EQ(dead.finished_at, clock_.now_ms());
  clock_.advance(24 * 3600'000);
  EXPECT_FALSE(queue_->claim("w", {"transcode"}, kLease));
}

TEST_P(JobQueueTest, backoff_doubles_up_to_its_cap_and_both_are_configurable) {
  EXPECT_EQ(queue_->backoff_after(1), 5'000);
  EXPECT_EQ(queue_->backoff_after(2), 10'000);
  EXPECT_EQ(queue_->backoff_after(7), 320'000);
  EXPECT_EQ(queue_->backoff_after(8), 600'000);
  EXPECT_EQ(queue_->backoff_after(1'000), 600'000);

  JobQueue quick(database_->db(), clock_, {.base_ms = 100, .max_ms = 250});
  EXPECT_EQ(quick.backoff_after(1), 100);
  EXPECT_EQ(quick.backoff_after(2), 200);
  EXPECT_EQ(quick.backoff_after(3), 250);
}

TEST_P(JobQueueTest, retry_brings_a_dead_job_back_with_its_attempts_reset) {
  const std::string id = enqueue("transcode", {.max_attempts = 1});
  claim_and_fail("w", "out of disk");
  ASSERT_EQ(job(id).state, JobState::dead);

  clock_.advance(3'600'000);
  Job retried = queue_->retry(id);
  EXPECT_EQ(retried.state, JobState::queued);
  EXPECT_EQ(retried.attempts, 0);
  EXPECT_EQ(retried.run_at, clock_.now_ms());
  EXPECT_FALSE(retried.finished_at);
  EXPECT_EQ(retried.last_error, "out of disk") << "kept for the record";

  auto claimed = queue_->claim("w", {"transcode"}, kLease);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->attempts, 1);
  EXPECT_EQ(error_from([&] { queue_->retry(id); }).code(), ErrorCode::conflict) << "running";
  EXPECT_TRUE(queue_->complete(id, "w"));
  EXPECT_EQ(error_from([&] { queue_->retry(id); }).code(), ErrorCode::conflict) << "succeeded";
  EXPECT_EQ(error_from([&] { queue_->retry(enqueue("transcode")); }).code(), ErrorCode::conflict) << "queued";
  EXPECT_EQ(error_from([&] { queue_->retry("nosuchjob123"); }).code(), ErrorCode::not_found);

  const std::string cancelled = enqueue("transcode", {.subject = "gone"});
  queue_->cancel_subject("gone");
  EXPECT_EQ(queue_->retry(cancelled).state, JobState::queued);
}

TEST_P(JobQueueTest, cancel_subject_cancels_only_that_subjects_unfinished_jobs) {
  const std::string running = enqueue("transcode", {.priority = 1, .subject = "v1"});
  ASSERT_EQ(queue_->claim("w", {"transcode"}, kLease)->id, running);
  const std::string queued = enqueue("thumbnail", {.subject = "v1"});
  const std::string finished = enqueue("storyboard", {.subject = "v1"});
  ASSERT_EQ(queue_->claim("w2", {"storyboard"}, kLease)->id, finished);
  ASSERT_TRUE(queue_->complete(finished, "w2"));
  const std::string other = enqueue("thumbnail", {.subject = "v2"});

  clock_.advance(7);
  EXPECT_EQ(queue_->cancel_subject("v1"), 2);
  EXPECT_EQ(job(running).state, JobState::cancelled);
  EXPECT_EQ(job(running).finished_at, kStart + 7);
  EXPECT_EQ(job(queued).state, JobState::cancelled);
  EXPECT_EQ(job(finished).state, JobState::succeeded);
  EXPECT_EQ(job(other).state, JobState::queued);

  auto next = queue_->claim("w3", {"transcode", "thumbnail"}, kLease);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->id, other);
  EXPECT_FALSE(queue_->claim("w3", {"transcode", "thumbnail"}, kLease));
  EXPECT_FALSE(queue_->fail(running, "w", "killed")) << "a cancelled job stays cancelled";
  EXPECT_EQ(queue_->cancel_subject("v1"), 0);
}

TEST_P(JobQueueTest, list_filters_by_state_kind_and_subject_newest_first) {
  const std::string a = enqueue("transcode", {.subject = "v1"});
  clock_.advance(1);
  const std::string b = enqueue("thumbnail", {.subject = "v1"});
  clock_.advance(1);
  const std::string c = enqueue("transcode", {.priority = 9, .max_attempts = 1, .subject = "v2"});
  clock_.advance(1);
  const std::string d = enqueue("transcode");
  claim_and_fail("w", "boom");  // c: the highest priority, now dead

  EXPECT_EQ(ids_of(queue_->list({})), (std::vector<std::string>{d, c, b, a}));
  EXPECT_EQ(ids_of(queue_->list({.state = JobState::dead})), (std::vector<std::string>{c}));
  EXPECT_EQ(ids_of(queue_->list({.state = JobState::queued})), (std::vector<std::string>{d, b, a}));
  EXPECT_EQ(ids_of(queue_->list({.kind = "transcode"})), (std::vector<std::string>{d, c, a}));
  EXPECT_EQ(ids_of(queue_->list({.subject = "v1"})), (std::vector<std::string>{b, a}));
  EXPECT_EQ(ids_of(queue_->list({.state = JobState::queued, .kind = "transcode", .subject = "v1"})),
            (std::vector<std::string>{a}));
  EXPECT_TRUE(queue_->list({.state = JobState::running}).items.empty());
  EXPECT_FALSE(queue_->list({}).next_cursor);
}

TEST_P(JobQueueTest, list_pages_with_a_cursor_without_gaps_or_repeats) {
  std::vector<std::string> newest_first;
  for (int i = 0; i < 7; ++i) {
    newest_first.push_back(enqueue("transcode"));
    if (i % 3 != 0) clock_.advance(1);  // some share a created_at: ties are broken by id
  }
  std::sort(newest_first.begin(), newest_first.end(), [&](const std::string& x, const std::string& y) {
    const Job jx = job(x), jy = job(y);
    return jx.created_at != jy.created_at ? jx.created_at > jy.created_at : jx.id > jy.id;
  });

  std::vector<std::string> paged;
  std::optional<std::string> cursor;
  int pages = 0;
  do {
    JobPage page = queue_->list({.limit = 3, .cursor = cursor});
    for (const auto& j : page.items) paged.push_back(j.id);
    cursor = page.next_cursor;
    ++pages;
  } while (cursor && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(paged, newest_first);

  EXPECT_EQ(field_of(error_from([&] { queue_->list({.limit = 0}); })), "limit");
  EXPECT_EQ(field_of(error_from([&] { queue_->list({.limit = kMaxJobPageSize + 1}); })), "limit");
  EXPECT_EQ(field_of(error_from([&] { queue_->list({.cursor = "not-a-cursor!"}); })), "cursor");
  EXPECT_EQ(field_of(error_from([&] { queue_->list({.cursor = "MTIzOmEvYg"}); })), "cursor");  // "123:a/b"
}

TEST_P(JobQueueTest, enqueue_refuses_a_job_it_could_never_run) {
  EXPECT_EQ(field_of(error_from([&] { queue_->enqueue("", "{}"); })), "kind");
  EXPECT_EQ(field_of(error_from([&] { queue_->enqueue("transcode", "{not json"); })), "payload");
  EXPECT_EQ(field_of(error_from([&] { queue_->enqueue("transcode", "{}", {.max_attempts = 0}); })), "max_attempts");
  EXPECT_TRUE(queue_->list({}).items.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, JobQueueTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

// ---------------------------------------------------------------------------------------
// WorkerPool: real threads, a real SQLite file and the real clock; waits are for events,
// bounded so a broken pool fails instead of hanging.

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit = 20s) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return condition();
}

// A gate a test opens once; handlers wait on it (bounded).
class Gate {
 public:
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  bool wait(std::chrono::milliseconds limit = 20s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
};

class WorkerPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<ScratchDatabase>("sqlite");
    queue_ = std::make_unique<JobQueue>(database_->db(), clock_, BackoffPolicy{.base_ms = 1, .max_ms = 4});
  }

  void TearDown() override {
    queue_.reset();
    database_.reset();
  }

  JobState state_of(const std::string& id) { return queue_->get(id)->state; }

  SystemClock clock_;
  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<JobQueue> queue_;
};

TEST_F(WorkerPoolTest, handlers_run_every_job_and_their_jobs_succeed) {
  std::mutex mutex;
  std::multiset<std::string> payloads;
  WorkerPool pool(*queue_, {.threads = 3, .lease_ms = 10'000, .idle_poll = 50ms});
  pool.register_handler("echo", [&](JobContext& context) {
    EXPECT_EQ(context.job().state, JobState::running);
    EXPECT_EQ(context.job().attempts, 1);
    std::lock_guard lock(mutex);
    payloads.insert(context.payload());
  });
  pool.start();

  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) ids.push_back(queue_->enqueue("echo", "{\"n\":" + std::to_string(i) + "}"));
  const std::string unhandled = queue_->enqueue("no-handler-for-this", "{}");
  pool.notify();

  EXPECT_TRUE(eventually([&] {
    return std::all_of(ids.begin(), ids.end(), [&](const auto& id) { return state_of(id) == JobState::succeeded; });
  }));
  EXPECT_TRUE(pool.stop(10s));
  EXPECT_EQ(payloads.size(), 12u);
  EXPECT_EQ(payloads.count("{\"n\":7}"), 1u);
  EXPECT_EQ(state_of(unhandled), JobState::queued);

  const auto workers = pool.worker_ids();
  ASSERT_EQ(workers.size(), 3u);
  EXPECT_EQ(std::set<std::string>(workers.begin(), workers.end()).size(), 3u);
  const std::string prefix = ":" + std::to_string(getpid()) + ":";
  for (const auto& id : workers) EXPECT_NE(id.find(prefix), std::string::npos) << id;
  for (const auto& id : ids) {
    const auto owner = queue_->get(id)->lease_owner;
    EXPECT_TRUE(owner && std::find(workers.begin(), workers.end(), *owner) != workers.end());
  }
}

TEST_F(WorkerPoolTest, a_job_queued_by_another_process_wakes_the_pool_through_the_bus) {
  // Two "processes": each its own queue object on the one database, one bus between them
  // (the in-process bus stands in for PostgreSQL or Redis, which the bus suite covers).
  events::InProcessEventBus bus(events::new_node_id());
  JobQueue api_queue(database_->db(), clock_, {}, &bus);
  Gate ran;
  WorkerPool pool(*queue_, {.threads = 1, .lease_ms = 10'000, .idle_poll = 60s});
  pool.register_handler("echo", [&](JobContext&) { ran.open(); });
  pool.wake_on(bus);
  pool.start();
  std::this_thread::sleep_for(50ms);  // the idle thread has polled once and sleeps for a minute

  const auto queued = std::chrono::steady_clock::now();
  api_queue.enqueue("echo", "{}");
  EXPECT_TRUE(ran.wait(20s));
  EXPECT_LT(std::chrono::steady_clock::now() - queued, 30s) << "woken by the event, not by the minute's poll";
  EXPECT_TRUE(pool.stop(10s));
}

TEST_F(WorkerPoolTest, a_throwing_handler_is_retried_then_its_job_is_dead_with_the_error) {
  std::atomic<int> runs{0};
  WorkerPool pool(*queue_, {.threads = 2, .lease_ms = 10'000, .idle_poll = 5ms});
  pool.register_handler("transcode", [&](JobContext&) {
    ++runs;
    throw std::runtime_error("ffmpeg exited with status 1: moov atom not found");
  });
  pool.start();
  const std::string id = queue_->enqueue("transcode", "{}", {.max_attempts = 3});
  pool.notify();

  ASSERT_TRUE(eventually([&] { return state_of(id) == JobState::dead; }));
  EXPECT_TRUE(pool.stop(10s));
  const Job dead = *queue_->get(id);
  EXPECT_EQ(dead.attempts, 3);
  EXPECT_EQ(runs.load(), 3);
  EXPECT_EQ(dead.last_error, "ffmpeg exited with status 1: moov atom not found");
}

TEST_F(WorkerPoolTest, a_job_left_by_a_crashed_worker_is_run_after_its_lease_expires) {
  const std::string id = queue_->enqueue("transcode", "{}");
  ASSERT_TRUE(queue_->claim("crashed-host:99:0", {"transcode"}, 1));
  std::atomic<int> attempt_seen{0};
  WorkerPool pool(*queue_, {.threads = 1, .lease_ms = 10'000, .idle_poll = 5ms});
  pool.register_handler("transcode", [&](JobContext& context) { attempt_seen = context.job().attempts; });
  pool.start();

  ASSERT_TRUE(eventually([&] { return state_of(id) == JobState::succeeded; }));
  EXPECT_EQ(attempt_seen.load(), 2);
  EXPECT_EQ(queue_->get(id)->last_error, "lease expired");
}

TEST_F(WorkerPoolTest, cancelling_a_running_job_tells_its_handler_through_the_heartbeat) {
  Gate started;
  std::atomic<bool> saw_cancel{false};
  WorkerPool pool(*queue_, {.threads = 1, .lease_ms = 60, .idle_poll = 5ms});
  pool.register_handler("transcode", [&](JobContext& context) {
    std::stop_callback kill_ffmpeg(context.cancellation_token(), [&] { saw_cancel = true; });
    started.open();
    eventually([&] { return context.cancelled(); });
  });
  pool.start();
  const std::string id = queue_->enqueue("transcode", "{}", {.subject = "video-9"});
  pool.notify();

  ASSERT_TRUE(started.wait());
  EXPECT_EQ(queue_->cancel_subject("video-9"), 1);
  EXPECT_TRUE(eventually([&] { return saw_cancel.load(); }));
  EXPECT_TRUE(pool.stop(10s));
  EXPECT_EQ(state_of(id), JobState::cancelled) << "the handler's return is not a success";
}

TEST_F(WorkerPoolTest, stop_lets_the_running_handler_finish_and_claims_nothing_more) {
  Gate started, release;
  WorkerPool pool(*queue_, {.threads = 1, .lease_ms = 10'000, .idle_poll = 5ms});
  pool.register_handler("transcode", [&](JobContext&) {
    started.open();
    release.wait();
  });
  pool.start();
  const std::string first = queue_->enqueue("transcode", "{}", {.priority = 1});
  const std::string second = queue_->enqueue("transcode", "{}");
  pool.notify();
  ASSERT_TRUE(started.wait());

  auto stopped = std::async(std::launch::async, [&] { return pool.stop(20s); });
  ASSERT_TRUE(eventually([&] { return pool.stopping(); }));
  EXPECT_EQ(stopped.wait_for(0ms), std::future_status::timeout) << "stop waits for the running handler";
  release.open();
  EXPECT_TRUE(stopped.get());
  EXPECT_EQ(state_of(first), JobState::succeeded);
  EXPECT_EQ(state_of(second), JobState::queued);
  EXPECT_TRUE(pool.stop(1s)) << "a second stop returns at once";
}

TEST_F(WorkerPoolTest, stop_leaves_a_handler_that_outlives_the_grace_to_lease_expiry) {
  Gate started;
  std::atomic<bool> handler_returned{false};
  const std::string id = queue_->enqueue("transcode", "{}");
  std::string worker;
  {
    WorkerPool pool(*queue_, {.threads = 1, .lease_ms = 10'000, .idle_poll = 5ms});
    pool.register_handler("transcode", [&](JobContext& context) {
      started.open();
      eventually([&] { return context.cancelled(); });
      handler_returned = true;
      throw std::runtime_error("killed by shutdown");
    });
    pool.start();
    worker = pool.worker_ids().at(0);
    ASSERT_TRUE(started.wait());
    EXPECT_FALSE(pool.stop(30ms));
  }  // the destructor waits for the abandoned handler
  EXPECT_TRUE(handler_returned.load());
  const Job left = *queue_->get(id);
  EXPECT_EQ(left.state, JobState::running) << "never marked failed by a shutdown";
  EXPECT_EQ(left.lease_owner, worker);
  EXPECT_EQ(left.attempts, 1);
  EXPECT_FALSE(left.last_error);
}

// ---------------------------------------------------------------------------------------
// The admin routes through the request pipeline.

namespace bj = boost::json;

class JobRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = std::make_unique<ScratchDatabase>("sqlite");
    queue_ = std::make_unique<JobQueue>(database_->db(), clock_);
    admin_token_ = marquee::testing::insert_signed_in_user(database_->db(), signer_,
                                                           {"adminaaaaaaa", "root", accounts::Role::admin, false});
    moderator_token_ = marquee::testing::insert_signed_in_user(
        database_->db(), signer_, {"moderatorbbb", "mia", accounts::Role::moderator, false});
    sessions_ = std::make_unique<accounts::ActiveSessions>(database_->db(), clock_, 1000, bus_);
    age_gate_ = std::make_unique<marquee::testing::AgeGateParts>(database_->db(), clock_, bus_);
    auth_ = std::make_unique<accounts::RequestAuth>(signer_, *sessions_, origins_, age_gate_->gate);
    register_job_routes(router_, *queue_, *auth_);
    pipeline_ = std::make_unique<http::RequestPipeline>(router_, metrics_, http::PipelineOptions{});
  }

  void TearDown() override {
    pipeline_.reset();
    queue_.reset();
    auth_.reset();
    age_gate_.reset();
    sessions_.reset();
    database_.reset();
  }

  http::Response call(http::Method method, const std::string& target, const std::string& token) {
    http::Request request;
    request.method = method;
    request.target = target;
    EXPECT_TRUE(request.parse_target()) << target;
    if (!token.empty()) request.headers.set("Authorization", "Bearer " + token);
    return pipeline_->handle(request);
  }

  static bj::object json_of(const http::Response& response) { return bj::parse(response.body).as_object(); }
  static std::string error_code(const http::Response& response) {
    return std::string(json_of(response).at("error").at("code").as_string());
  }

  ManualClock clock_{kStart};
  events::InProcessEventBus bus_{"test-node"};
  std::unique_ptr<ScratchDatabase> database_;
  std::unique_ptr<JobQueue> queue_;
  accounts::TokenSigner signer_{"test-secret-test-secret-test-secret", 3600, clock_};
  http::OriginPolicy origins_{{"*"}};
  std::unique_ptr<accounts::ActiveSessions> sessions_;
  std::unique_ptr<marquee::testing::AgeGateParts> age_gate_;
  std::unique_ptr<accounts::RequestAuth> auth_;
  http::Router router_;
  http::Metrics metrics_;
  std::unique_ptr<http::RequestPipeline> pipeline_;
  std::string admin_token_, moderator_token_;
};

TEST_F(JobRoutesTest, only_admins_see_the_jobs) {
  EXPECT_EQ(call(http::Method::GET, "/api/admin/jobs", "").status, 401);
  auto forbidden = call(http::Method::GET, "/api/admin/jobs", moderator_token_);
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(error_code(forbidden), "forbidden");
  EXPECT_EQ(call(http::Method::POST, "/api/admin/jobs/abcdefabcdef/retry", moderator_token_).status, 403);
}

TEST_F(JobRoutesTest, listing_returns_job_json_with_filters_and_a_cursor) {
  const std::string dead = queue_->enqueue("transcode", R"({"video_id":"v1"})", {.max_attempts = 1, .subject = "v1"});
  ASSERT_TRUE(queue_->claim("host:1:0", {"transcode"}, kLease));
  clock_.advance(1'500);
  ASSERT_TRUE(queue_->fail(dead, "host:1:0", "ffmpeg: invalid data"));
  clock_.advance(1);
  const std::string queued = queue_->enqueue("thumbnail", "{}");
  clock_.advance(1);
  queue_->enqueue("thumbnail", "{}");

  auto response = call(http::Method::GET, "/api/admin/jobs?state=dead", admin_token_);
  ASSERT_EQ(response.status, 200) << response.body;
  auto body = json_of(response);
  ASSERT_EQ(body.at("items").as_array().size(), 1u);
  EXPECT_TRUE(body.at("next_cursor").is_null());
  const auto& job = body.at("items").as_array()[0].as_object();
  EXPECT_EQ(job.at("id").as_string(), dead);
  EXPECT_EQ(job.at("kind").as_string(), "transcode");
  EXPECT_EQ(job.at("payload").as_object().at("video_id").as_string(), "v1");
  EXPECT_EQ(job.at("state").as_string(), "dead");
  EXPECT_EQ(job.at("attempts").as_int64(), 1);
  EXPECT_EQ(job.at("max_attempts").as_int64(), 1);
  EXPECT_EQ(job.at("priority").as_int64(), 0);
  EXPECT_EQ(job.at("run_at").as_string(), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(job.at("created_at").as_string(), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(job.at("finished_at").as_string(), "2026-01-01T00:00:01.500Z");
  EXPECT_EQ(job.at("last_error").as_string(), "ffmpeg: invalid data");
  EXPECT_EQ(job.at("lease_owner").as_string(), "host:1:0");
  EXPECT_TRUE(job.at("lease_expires_at").is_null());
  EXPECT_EQ(job.at("subject").as_string(), "v1");

  auto first_page = json_of(call(http::Method::GET, "/api/admin/jobs?kind=thumbnail&limit=1", admin_token_));
  ASSERT_EQ(first_page.at("items").as_array().size(), 1u);
  ASSERT_TRUE(first_page.at("next_cursor").is_string());
  auto second_page = json_of(call(http::Method::GET,
                                  "/api/admin/jobs?kind=thumbnail&limit=1&cursor=" +
                                      std::string(first_page.at("next_cursor").as_string()),
                                  admin_token_));
  ASSERT_EQ(second_page.at("items").as_array().size(), 1u);
  EXPECT_EQ(second_page.at("items").as_array()[0].at("id").as_string(), queued);
  EXPECT_TRUE(second_page.at("items").as_array()[0].at("subject").is_null());

  auto by_subject = json_of(call(http::Method::GET, "/api/admin/jobs?subject=v1", admin_token_));
  EXPECT_EQ(by_subject.at("items").as_array().size(), 1u);
}

TEST_F(JobRoutesTest, bad_filters_are_400_naming_the_field) {
  for (const char* target : {"/api/admin/jobs?state=exploded", "/api/admin/jobs?limit=ten",
                             "/api/admin/jobs?limit=0", "/api/admin/jobs?cursor=%00%01"}) {
    auto response = call(http::Method::GET, target, admin_token_);
    EXPECT_EQ(response.status, 400) << target;
    EXPECT_EQ(error_code(response), "validation_failed") << target;
  }
}

TEST_F(JobRoutesTest, retry_requeues_a_dead_job_and_refuses_others) {
  const std::string id = queue_->enqueue("transcode", "{}", {.max_attempts = 1});
  ASSERT_TRUE(queue_->claim("w", {"transcode"}, kLease));
  ASSERT_TRUE(queue_->fail(id, "w", "boom"));
  clock_.advance(60'000);

  auto response = call(http::Method::POST, "/api/admin/jobs/" + id + "/retry", admin_token_);
  ASSERT_EQ(response.status, 200) << response.body;
  auto job = json_of(response);
  EXPECT_EQ(job.at("state").as_string(), "queued");
  EXPECT_EQ(job.at("attempts").as_int64(), 0);
  EXPECT_EQ(job.at("run_at").as_string(), "2026-01-01T00:01:00.000Z");
  EXPECT_TRUE(job.at("finished_at").is_null());

  auto again = call(http::Method::POST, "/api/admin/jobs/" + id + "/retry", admin_token_);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(error_code(again), "conflict");
  auto missing = call(http::Method::POST, "/api/admin/jobs/nosuchjob123/retry", admin_token_);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(error_code(missing), "not_found");
}

}  // namespace
}  // namespace marquee::jobs
