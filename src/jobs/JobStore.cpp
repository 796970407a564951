#include "jobs/JobStore.h"

namespace marquee::jobs {
namespace {

constexpr const char* kColumns =
    "id, kind, payload, priority, state, attempts, max_attempts, run_at, lease_owner, lease_expires_at, last_error, "
    "subject, created_at, updated_at, finished_at";

db::Value state_value(JobState state) { return std::string(job_state_name(state)); }

db::Value optional_text(const std::optional<std::string>& text) {
  if (!text) return nullptr;
  return *text;
}

db::Value optional_millis(const std::optional<Millis>& millis) {
  if (!millis) return nullptr;
  return *millis;
}

std::optional<std::string> text_or_null(const db::Row& row, std::string_view column) {
  if (row.is_null(column)) return std::nullopt;
  return row.str(column);
}

std::optional<Millis> millis_or_null(const db::Row& row, std::string_view column) {
  if (row.is_null(column)) return std::nullopt;
  return row.i64(column);
}

Job job_from(const db::Row& row) {
  Job job;
  job.id = row.str("id");
  job.kind = row.str("kind");
  job.payload = row.str("payload");
  job.priority = static_cast<int>(row.i64("priority"));
  job.state = parse_job_state(row.str("state")).value_or(JobState::dead);
  job.attempts = static_cast<int>(row.i64("attempts"));
  job.max_attempts = static_cast<int>(row.i64("max_attempts"));
  job.run_at = row.i64("run_at");
  job.lease_owner = text_or_null(row, "lease_owner");
  job.lease_expires_at = millis_or_null(row, "lease_expires_at");
  job.last_error = text_or_null(row, "last_error");
  job.subject = text_or_null(row, "subject");
  job.created_at = row.i64("created_at");
  job.updated_at = row.i64("updated_at");
  job.finished_at = millis_or_null(row, "finished_at");
  return job;
}

std::optional<Job> first_job(const db::Result& result) {
  if (result.empty()) return std::nullopt;
  return job_from(result.front());
}

using db::placeholders;

std::string row_lock_clause(db::Dialect dialect) {
  return dialect == db::Dialect::postgres ? " FOR UPDATE SKIP LOCKED" : "";
}

}  // namespace

void JobStore::insert(const Job& job) {
  db_.write([&](db::Connection& c) { insert(c, job); });
}

void JobStore::insert(db::Connection& c, const Job& job) {
  c.exec(std::string("INSERT INTO jobs (") + kColumns +
                  ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {job.id, job.kind, job.payload, std::int64_t{job.priority}, state_value(job.state),
               std::int64_t{job.attempts}, std::int64_t{job.max_attempts}, job.run_at, optional_text(job.lease_owner),
               optional_millis(job.lease_expires_at), optional_text(job.last_error), optional_text(job.subject),
               job.created_at, job.updated_at, optional_millis(job.finished_at)});
}

std::optional<Job> JobStore::find(const std::string& id) {
  return first_job(db_.query(std::string("SELECT ") + kColumns + " FROM jobs WHERE id = ?", {id}));
}

JobStore::ClaimOutcome JobStore::claim(const std::string& worker_id, const std::vector<std::string>& kinds,
                                       Millis now, Millis lease_expires_at) {
  if (kinds.empty()) return {};
  const std::string lock = row_lock_clause(db_.dialect());
  const std::string bury_exhausted =
      "WITH exhausted AS (SELECT id FROM jobs WHERE state = 'running' AND lease_expires_at < ? "
      "AND attempts >= max_attempts" + lock + ") "
      "UPDATE jobs SET state = 'dead', last_error = ?, lease_expires_at = NULL, finished_at = ?, updated_at = ? "
      "WHERE id IN (SELECT id FROM exhausted) RETURNING " + std::string(kColumns);
  // Two lookups, each walking an index in claim order, rather than one OR that would sort
  // the whole backlog on every claim.
  const std::string kind_is_wanted = "kind IN (" + placeholders(kinds.size()) + ")";
  const std::string lease_expired =
      "WITH candidate AS (SELECT id FROM jobs WHERE state = 'running' AND lease_expires_at < ? "
      "AND attempts < max_attempts AND " + kind_is_wanted + " ORDER BY priority DESC, run_at, id LIMIT 1" + lock + ") "
      "UPDATE jobs SET attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?, last_error = ?, updated_at = ? "
      "WHERE id IN (SELECT id FROM candidate) RETURNING " + kColumns;
  const std::string queued_and_due =
      "WITH candidate AS (SELECT id FROM jobs WHERE state = 'queued' AND run_at <= ? AND " + kind_is_wanted +
      " ORDER BY priority DESC, run_at, id LIMIT 1" + lock + ") "
      "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_expires_at = ?, "
      "updated_at = ? WHERE id IN (SELECT id FROM candidate) RETURNING " + kColumns;

  const std::string lease_expired_error(kLeaseExpiredError);
  auto params = [&](std::vector<db::Value> values) {
    values.insert(values.begin() + 1, kinds.begin(), kinds.end());
    return values;
  };
  const auto expired_params = params({now, worker_id, lease_expires_at, lease_expired_error, now});
  const auto queued_params = params({now, worker_id, lease_expires_at, now});
  return db_.write([&](db::Connection& c) {
    ClaimOutcome outcome;
    for (auto row : c.exec(bury_exhausted, {now, lease_expired_error, now, now})) outcome.buried.push_back(job_from(row));
    outcome.claimed = first_job(c.exec(lease_expired, expired_params));
    if (!outcome.claimed) outcome.claimed = first_job(c.exec(queued_and_due, queued_params));
    return outcome;
  });
}

bool JobStore::renew_lease(const std::string& id, const std::string& worker_id, Millis now, Millis lease_expires_at) {
  auto result = db_.execute(
      "UPDATE jobs SET lease_expires_at = ?, updated_at = ? WHERE id = ? AND state = 'running' AND lease_owner = ?",
      {lease_expires_at, now, id, worker_id});
  return result.affected_rows() == 1;
}

bool JobStore::mark_succeeded(const std::string& id, const std::string& worker_id, Millis now) {
  auto result = db_.execute(
      "UPDATE jobs SET state = 'succeeded', lease_expires_at = NULL, finished_at = ?, updated_at = ? "
      "WHERE id = ? AND state = 'running' AND lease_owner = ?",
      {now, now, id, worker_id});
  return result.affected_rows() == 1;
}

bool JobStore::mark_failed(const std::string& id, const std::string& worker_id, int attempts, const std::string& error,
                           std::optional<Millis> retry_at, Millis now) {
  const std::string guard = " WHERE id = ? AND state = 'running' AND lease_owner = ? AND attempts = ?";
  db::Result result;
  if (retry_at) {
    result = db_.execute(
        "UPDATE jobs SET state = 'queued', run_at = ?, lease_expires_at = NULL, last_error = ?, updated_at = ?" + guard,
        {*retry_at, error, now, id, worker_id, std::int64_t{attempts}});
  } else {
    result = db_.execute(
        "UPDATE jobs SET state = 'dead', lease_expires_at = NULL, last_error = ?, finished_at = ?, updated_at = ?" +
            guard,
        {error, now, now, id, worker_id, std::int64_t{attempts}});
  }
  return result.affected_rows() == 1;
}

int JobStore::cancel_subject(const std::string& subject, Millis now) {
  auto result = db_.execute(
      "UPDATE jobs SET state = 'cancelled', lease_expires_at = NULL, finished_at = ?, updated_at = ? "
      "WHERE subject = ? AND state IN ('queued', 'running')",
      {now, now, subject});
  return static_cast<int>(result.affected_rows());
}

std::optional<Job> JobStore::requeue(const std::string& id, const std::vector<JobState>& from, Millis now) {
  if (from.empty()) return std::nullopt;
  std::vector<db::Value> params{now, now, id};
  for (JobState state : from) params.push_back(state_value(state));
  return first_job(db_.execute(
      "UPDATE jobs SET state = 'queued', attempts = 0, run_at = ?, lease_expires_at = NULL, finished_at = NULL, "
      "updated_at = ? WHERE id = ? AND state IN (" + placeholders(from.size()) + ") RETURNING " + kColumns,
      params));
}

std::vector<Job> JobStore::list(const JobListFilter& filter) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM jobs WHERE 1 = 1";
  std::vector<db::Value> params;
  if (filter.state) {
    sql += " AND state = ?";
    params.push_back(state_value(*filter.state));
  }
  if (filter.kind) {
    sql += " AND kind = ?";
    params.emplace_back(*filter.kind);
  }
  if (filter.subject) {
    sql += " AND subject = ?";
    params.emplace_back(*filter.subject);
  }
  if (filter.after) {
    sql += " AND (created_at < ? OR (created_at = ? AND id < ?))";
    params.emplace_back(filter.after->created_at);
    params.emplace_back(filter.after->created_at);
    params.emplace_back(filter.after->id);
  }
  sql += " ORDER BY created_at DESC, id DESC LIMIT ?";
  params.emplace_back(std::int64_t{filter.limit});

  std::vector<Job> jobs;
  for (auto row : db_.query(sql, params)) jobs.push_back(job_from(row));
  return jobs;
}

}  // namespace marquee::jobs
