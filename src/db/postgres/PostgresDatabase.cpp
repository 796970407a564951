#include "db/postgres/PostgresDatabase.h"

#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "core/Error.h"

namespace marquee::db {
namespace {

constexpr int kMaxWriteAttempts = 5;
constexpr std::size_t kMaxPreparedStatementsPerConnection = 1000;
constexpr std::size_t kMaxSqlInErrorMessage = 300;
constexpr const char* kConnectTimeoutSeconds = "10";

constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

// The server closed or lost the connection: the session is unusable and must be replaced.
class ConnectionLost : public Error {
 public:
  explicit ConnectionLost(const std::string& message) : Error(ErrorCode::unavailable, message) {}
};

// A serialization failure or deadlock aborted the transaction; running it again may succeed.
class TransientConflict : public Error {
 public:
  explicit TransientConflict(const std::string& message) : Error(ErrorCode::unavailable, message) {}
};

struct PgResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResultHandle = std::unique_ptr<PGresult, PgResultDeleter>;

std::string without_trailing_space(std::string text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
  return text;
}

std::string abbreviated(std::string_view sql) {
  if (sql.size() <= kMaxSqlInErrorMessage) return std::string(sql);
  return std::string(sql.substr(0, kMaxSqlInErrorMessage)) + "…";
}

bool is_identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

struct NumberedSql {
  std::string text;
  int placeholder_count = 0;
};

// Rewrites `?` to $1…$n, leaving string literals, quoted identifiers and comments alone.
NumberedSql number_placeholders(std::string_view sql) {
  NumberedSql out;
  out.text.reserve(sql.size() + 16);
  const std::size_t n = sql.size();
  std::size_t i = 0;
  auto copy_through = [&](std::size_t end) {
    end = std::min(end, n);
    out.text.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < n) {
    const char c = sql[i];
    const char next = i + 1 < n ? sql[i + 1] : '\0';
    if (c == '\'') {
      const bool backslash_escapes =
          i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !is_identifier_char(sql[i - 2]));
      std::size_t end = i + 1;
      while (end < n) {
        if (backslash_escapes && sql[end] == '\\') {
          end += 2;
        } else if (sql[end] == '\'' && end + 1 < n && sql[end + 1] == '\'') {
          end += 2;
        } else if (sql[end] == '\'') {
          break;
        } else {
          ++end;
        }
      }
      copy_through(end + 1);
    } else if (c == '"') {
      const std::size_t close = sql.find('"', i + 1);
      copy_through(close == std::string_view::npos ? n : close + 1);
    } else if (c == '-' && next == '-') {
      const std::size_t newline = sql.find('\n', i);
      copy_through(newline == std::string_view::npos ? n : newline + 1);
    } else if (c == '/' && next == '*') {
      std::size_t end = i + 2;
      for (int depth = 1; end < n && depth > 0;) {
        if (sql[end] == '/' && end + 1 < n && sql[end + 1] == '*') {
          ++depth;
          end += 2;
        } else if (sql[end] == '*' && end + 1 < n && sql[end + 1] == '/') {
          --depth;
          end += 2;
        } else {
          ++end;
        }
      }
      copy_through(end);
    } else if (c == '?') {
      out.text += '$';
      out.text += std::to_string(++out.placeholder_count);
      ++i;
    } else {
      out.text += c;
      ++i;
    }
  }
  return out;
}

std::string double_as_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[64];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

// The text-format parameter array libpq wants, alive as long as this object.
class ParameterTexts {
 public:
  explicit ParameterTexts(const std::vector<Value>& params) : storage_(params.size()), pointers_(params.size()) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& value = params[i];
      if (const auto* integer = std::get_if<std::int64_t>(&value)) {
        storage_[i] = std::to_string(*integer);
        pointers_[i] = storage_[i].c_str();
      } else if (const auto* real = std::get_if<double>(&value)) {
        storage_[i] = double_as_text(*real);
        pointers_[i] = storage_[i].c_str();
      } else if (const auto* text = std::get_if<std::string>(&value)) {
        if (text->find('\0') != std::string::npos) {
          throw Error(ErrorCode::validation_failed, "text must not contain NUL characters");
        }
        pointers_[i] = text->c_str();
      } else {
        pointers_[i] = nullptr;
      }
    }
  }
  const char* const* values() const { return pointers_.empty() ? nullptr : pointers_.data(); }

 private:
  std::vector<std::string> storage_;
  std::vector<const char*> pointers_;
};

Value column_value(const char* text, int length, Oid type) {
  const char* end = text + length;
  switch (type) {
    case kBoolOid:
      return std::int64_t{length > 0 && text[0] == 't' ? 1 : 0};
    case kInt8Oid:
    case kInt2Oid:
    case kInt4Oid:
    case kOidOid: {
      std::int64_t integer = 0;
      const auto [ptr, ec] = std::from_chars(text, end, integer);
      if (ec == std::errc() && ptr == end) return integer;
      break;
    }
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid: {
      double real = 0;
      const auto [ptr, ec] = std::from_chars(text, end, real);
      if (ec == std::errc() && ptr == end) return real;
      break;
    }
    default:
      break;
  }
  return std::string(text, static_cast<std::size_t>(length));
}

Result to_result(PGresult* result) {
  const int column_count = PQnfields(result);
  const int row_count = PQntuples(result);
  std::vector<std::string> columns;
  std::vector<Oid> types;
  columns.reserve(column_count);
  types.reserve(column_count);
  for (int c = 0; c < column_count; ++c) {
    columns.emplace_back(PQfname(result, c));
    types.push_back(PQftype(result, c));
  }
  std::vector<std::vector<Value>> rows(static_cast<std::size_t>(row_count));
  for (int r = 0; r < row_count; ++r) {
    auto& row = rows[r];
    row.reserve(column_count);
    for (int c = 0; c < column_count; ++c) {
      if (PQgetisnull(result, r, c)) {
        row.emplace_back(nullptr);
      } else {
        row.push_back(column_value(PQgetvalue(result, r, c), PQgetlength(result, r, c), types[c]));
      }
    }
  }
  std::int64_t affected = 0;
  const std::string_view tuples = PQcmdTuples(result);
  std::from_chars(tuples.data(), tuples.data() + tuples.size(), affected);
  return Result(std::move(columns), std::move(rows), affected);
}

void log_notice(void*, const char* message) { spdlog::debug("postgres: {}", without_trailing_space(message)); }

// One libpq connection with its prepared statements; used by one thread at a time.
class PgSession final : public Connection {
 public:
  explicit PgSession(PGconn* conn) : conn_(conn) { PQsetNoticeProcessor(conn_, &log_notice, nullptr); }
  ~PgSession() override { PQfinish(conn_); }
  PgSession(const PgSession&) = delete;
  PgSession& operator=(const PgSession&) = delete;

  Result exec(std::string_view sql, const std::vector<Value>& params) override {
    return execute_statement(sql, params, false);
  }

  // `each_time`: an unnamed statement (PQexecParams), planned with the values it runs with.
  Result execute_statement(std::string_view sql, const std::vector<Value>& params, bool each_time) {
    const std::string key(sql);
    const PreparedStatement* statement = nullptr;
    NumberedSql numbered;
    if (auto found = each_time ? prepared_.end() : prepared_.find(key); found != prepared_.end()) {
      statement = &found->second;
    } else {
      numbered = number_placeholders(sql);
    }
    const int parameter_count = statement ? statement->parameter_count : numbered.placeholder_count;
    if (static_cast<std::size_t>(parameter_count) != params.size()) {
      throw Error(ErrorCode::internal, "statement has " + std::to_string(parameter_count) + " placeholders but " +
                                           std::to_string(params.size()) + " parameters: " + abbreviated(sql));
    }
    const ParameterTexts texts(params);

    if (!statement && prepared_.size() < kMaxPreparedStatementsPerConnection && !each_time) {
      std::string name = "marquee_" + std::to_string(++statements_prepared_);
      checked(PQprepare(conn_, name.c_str(), numbered.text.c_str(), parameter_count, nullptr), sql);
      statement = &prepared_.emplace(key, PreparedStatement{std::move(name), parameter_count}).first->second;
    }
    PgResultHandle result =
        statement ? checked(PQexecPrepared(conn_, statement->name.c_str(), parameter_count, texts.values(), nullptr,
                                           nullptr, 0),
                            sql)
                  : checked(PQexecParams(conn_, numbered.text.c_str(), parameter_count, nullptr, texts.values(),
                                         nullptr, nullptr, 0),
                            sql);
    return to_result(result.get());
  }

  void exec_script(std::string_view sql) override { run(std::string(sql)); }

  void run(const std::string& sql) { checked(PQexec(conn_, sql.c_str()), sql); }

  // Commits, or throws when the transaction cannot commit; either way it has ended.
  void commit() {
    if (PQtransactionStatus(conn_) == PQTRANS_INERROR) {
      rollback_quietly();
      throw Error(ErrorCode::internal,
                  "PostgreSQL transaction rolled back: a statement in it failed and its error was caught");
    }
    try {
      run("COMMIT");
    } catch (...) {
      rollback_quietly();
      throw;
    }
  }

  void rollback_quietly() noexcept {
    if (PQstatus(conn_) != CONNECTION_OK || PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
    PQclear(PQexec(conn_, "ROLLBACK"));
  }

  // Connected and outside any transaction: safe to hand to the next caller.
  bool reusable() const { return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE; }

 private:
  struct PreparedStatement {
    std::string name;
    int parameter_count;
  };

  PgResultHandle checked(PGresult* raw, std::string_view sql) {
    PgResultHandle result(raw);
    const ExecStatusType status = raw ? PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return result;
    raise(raw, sql);
  }

  [[noreturn]] void raise(const PGresult* result, std::string_view sql) {
    auto field = [result](int code) -> std::string {
      const char* value = result ? PQresultErrorField(result, code) : nullptr;
      return value ? value : "";
    };
    const std::string state = field(PG_DIAG_SQLSTATE);
    std::string message = field(PG_DIAG_MESSAGE_PRIMARY);
    if (message.empty() && result) message = without_trailing_space(PQresultErrorMessage(result));
    if (message.empty()) message = without_trailing_space(PQerrorMessage(conn_));
    if (message.empty()) message = "unexpected result status";

    if (PQstatus(conn_) != CONNECTION_OK) throw ConnectionLost("PostgreSQL connection lost: " + message);
    if (state == "23505") {
      std::string text = message;
      if (const std::string constraint = field(PG_DIAG_CONSTRAINT_NAME);
          !constraint.empty() && text.find(constraint) == std::string::npos) {
        text += " (constraint " + constraint + ")";
      }
      if (const std::string detail = field(PG_DIAG_MESSAGE_DETAIL); !detail.empty()) text += ": " + detail;
      throw UniqueViolation(text);
    }
    const std::string tagged = message + " [SQLSTATE " + (state.empty() ? "none" : state) + "]";
    if (state == "40001" || state == "40P01") throw TransientConflict("PostgreSQL transaction conflict: " + tagged);
    if (state.starts_with("08") || state.starts_with("53") || state.starts_with("57P")) {
      throw Error(ErrorCode::unavailable, "PostgreSQL unavailable: " + tagged);
    }
    throw Error(ErrorCode::internal, "PostgreSQL error: " + tagged + " in: " + abbreviated(sql));
  }

  PGconn* conn_;
  std::unordered_map<std::string, PreparedStatement> prepared_;
  int statements_prepared_ = 0;
};

std::unique_ptr<PgSession> open_session(const std::string& url) {
  // Later entries win, so anything the URL itself sets overrides these defaults.
  const char* keywords[] = {"connect_timeout", "fallback_application_name", "client_encoding", "dbname", nullptr};
  const char* values[] = {kConnectTimeoutSeconds, "marquee", "UTF8", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, 1);
  if (!conn) throw Error(ErrorCode::unavailable, "cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = without_trailing_space(PQerrorMessage(conn));
    PQfinish(conn);
    throw Error(ErrorCode::unavailable, "cannot connect to PostgreSQL: " + message);
  }
  return std::make_unique<PgSession>(conn);
}

std::chrono::milliseconds retry_delay(int failed_attempts) {
  const int base_ms = 5 << (failed_attempts - 1);
  std::minstd_rand random(std::random_device{}());
  return std::chrono::milliseconds(base_ms + std::uniform_int_distribution<int>(0, base_ms)(random));
}

}  // namespace

class PostgresDatabase::Pool {
 public:
  // Exclusive use of one session; hands it back (or discards it when broken) on destruction.
  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<PgSession> session) : pool_(&pool), session_(std::move(session)) {}
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (session_) pool_->give_back(std::move(session_));
    }
    PgSession& operator*() const { return *session_; }
    PgSession* operator->() const { return session_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<PgSession> session_;
  };

  Pool(std::string url, const DatabaseOptions& options)
      : url_(std::move(url)),
        capacity_(std::max(1, options.pool_size)),
        wait_limit_(std::max(0, options.busy_timeout_ms)) {
    idle_.push_back(open_session(url_));
    open_count_ = 1;
  }

  Lease acquire() {
    std::unique_lock lock(mutex_);
    auto can_proceed = [this] { return !idle_.empty() || open_count_ < capacity_; };
    if (wait_limit_.count() > 0) {
      if (!available_.wait_for(lock, wait_limit_, can_proceed)) {
        throw Error(ErrorCode::unavailable, "no PostgreSQL connection became free within " +
                                                std::to_string(wait_limit_.count()) + " ms (pool of " +
                                                std::to_string(capacity_) + ")");
      }
    } else {
      available_.wait(lock, can_proceed);
    }
    if (!idle_.empty()) {
      std::unique_ptr<PgSession> session = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(session));
    }
    ++open_count_;
    lock.unlock();
    try {
      return Lease(*this, open_session(url_));
    } catch (...) {
      lock.lock();
      --open_count_;
      lock.unlock();
      available_.notify_one();
      throw;
    }
  }

  // Acquires a session and runs `statement` on it. A pooled session whose server went
  // away while it sat idle is discarded and another one tried, since nothing ran on it yet.
  Lease acquire_running(const std::string& statement) {
    for (int attempt = 0;; ++attempt) {
      Lease lease = acquire();
      try {
        lease->run(statement);
        return lease;
      } catch (const ConnectionLost&) {
        if (attempt >= capacity_) throw;
      }
    }
  }

  PoolStats stats() const {
    std::lock_guard lock(mutex_);
    return {capacity_, open_count_ - static_cast<int>(idle_.size())};
  }

 private:
  void give_back(std::unique_ptr<PgSession> session) {
    if (session->reusable()) {
      std::lock_guard lock(mutex_);
      idle_.push_back(std::move(session));
    } else {
      session.reset();
      std::lock_guard lock(mutex_);
      --open_count_;
    }
    available_.notify_one();
  }

  const std::string url_;
  const int capacity_;
  const std::chrono::milliseconds wait_limit_;
  mutable std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<PgSession>> idle_;  // guarded by mutex_
  int open_count_ = 0;                            // guarded by mutex_; idle plus leased
};

PostgresDatabase::PostgresDatabase(const std::string& url, const DatabaseOptions& options)
    : pool_(std::make_unique<Pool>(url, options)) {}

PostgresDatabase::~PostgresDatabase() = default;

void PostgresDatabase::read_with(const std::function<void(Connection&)>& fn) {
  Pool::Lease session = pool_->acquire_running("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    fn(*session);
  } catch (...) {
    session->rollback_quietly();
    throw;
  }
  session->commit();
}

Result PostgresDatabase::query(std::string_view sql, const std::vector<Value>& params) {
  return autocommit(sql, params, false);
}

Result PostgresDatabase::query_planned_each_time(std::string_view sql, const std::vector<Value>& params) {
  return autocommit(sql, params, true);
}

Result PostgresDatabase::autocommit(std::string_view sql, const std::vector<Value>& params, bool planned_each_time) {
  for (int attempt = 0;; ++attempt) {
    Pool::Lease session = pool_->acquire();
    try {
      return session->execute_statement(sql, params, planned_each_time);
    } catch (const ConnectionLost&) {
      if (attempt >= 1) throw;  // a connection the server closed while idle: try a fresh one once
    }
  }
}

void PostgresDatabase::write_with(const std::function<void(Connection&)>& fn) {
  for (int attempt = 1;; ++attempt) {
    try {
      Pool::Lease session = pool_->acquire_running("BEGIN");
      try {
        fn(*session);
      } catch (...) {
        session->rollback_quietly();
        throw;
      }
      session->commit();
      return;
    } catch (const TransientConflict& conflict) {
      if (attempt >= kMaxWriteAttempts) {
        throw Error(ErrorCode::unavailable, "PostgreSQL write still conflicting after " +
                                                std::to_string(kMaxWriteAttempts) + " attempts: " + conflict.what());
      }
      std::this_thread::sleep_for(retry_delay(attempt));
    }
  }
}

PoolStats PostgresDatabase::pool_stats() const { return pool_->stats(); }

bool PostgresDatabase::ping() {
  try {
    pool_->acquire_running("SELECT 1");
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace marquee::db
