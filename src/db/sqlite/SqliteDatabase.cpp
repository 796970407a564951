#include "db/sqlite/SqliteDatabase.h"

#include <sqlite3.h>

#include <filesystem>
#include <unordered_map>

#include "core/Error.h"

namespace marquee::db {

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, int busy_timeout_ms, bool read_only) {
    int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      db_ = nullptr;
      throw Error(ErrorCode::unavailable, "cannot open SQLite database " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    sqlite3_extended_result_codes(db_, 1);
    if (!read_only) {
      exec_script("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    }
    exec_script("PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
    // Reads through a shared memory map (as large as this SQLite allows: 2 GiB in Debian's)
    // instead of a read() per page: the search index's long word lists are read whole, and each
    // connection's own page cache is small.
    exec_script("PRAGMA mmap_size=17179869184; PRAGMA cache_size=-8192;");
  }

  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  Result exec(std::string_view sql, const std::vector<Value>& params) override {
    sqlite3_stmt* stmt = prepare(sql);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size())) {
      throw Error(ErrorCode::internal, "statement expects " + std::to_string(expected) + " parameters, got " +
                                           std::to_string(params.size()) + ": " + std::string(sql));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      const Value& v = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(v)) {
        rc = sqlite3_bind_null(stmt, idx);
      } else if (auto n = std::get_if<std::int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, idx, *n);
      } else if (auto d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, idx, *d);
      } else {
        const auto& s = std::get<std::string>(v);
        rc = sqlite3_bind_text64(stmt, idx, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      }
      if (rc != SQLITE_OK) fail(rc, sql);
    }

    std::vector<std::string> columns;
    int ncols = sqlite3_column_count(stmt);
    columns.reserve(ncols);
    for (int c = 0; c < ncols; ++c) columns.emplace_back(sqlite3_column_name(stmt, c));
    std::vector<std::vector<Value>> rows;
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        sqlite3_reset(stmt);
        fail(rc, sql);
      }
      std::vector<Value> row;
      row.reserve(ncols);
      for (int c = 0; c < ncols; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_INTEGER: row.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c))); break;
          case SQLITE_FLOAT: row.emplace_back(sqlite3_column_double(stmt, c)); break;
          case SQLITE_NULL: row.emplace_back(nullptr); break;
          default: {
            auto* text = reinterpret_cast<const char*>(sqlite3_column_blob(stmt, c));
            int len = sqlite3_column_bytes(stmt, c);
            row.emplace_back(std::string(text ? text : "", static_cast<std::size_t>(len)));
          }
        }
      }
      rows.push_back(std::move(row));
    }
    std::int64_t affected = sqlite3_stmt_readonly(stmt) ? 0 : sqlite3_changes64(db_);
    sqlite3_reset(stmt);
    return Result(std::move(columns), std::move(rows), affected);
  }

  void exec_script(std::string_view sql) override {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string message = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      throw Error(ErrorCode::internal, "SQLite script failed: " + message);
    }
  }

 private:
  sqlite3_stmt* prepare(std::string_view sql) {
    auto it = statements_.find(std::string(sql));
    if (it != statements_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc, sql);
    statements_.emplace(std::string(sql), stmt);
    return stmt;
  }

  [[noreturn]] void fail(int rc, std::string_view sql) {
    std::string message = sqlite3_errmsg(db_);
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) throw UniqueViolation(message);
    if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED) {
      throw Error(ErrorCode::unavailable, "database is busy: " + message);
    }
    throw Error(ErrorCode::internal, "SQLite: " + message + " in: " + std::string(sql.substr(0, 200)));
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

SqliteDatabase::SqliteDatabase(const std::string& path, const DatabaseOptions& options)
    : path_(path), options_(options) {
  if (path.empty()) throw Error(ErrorCode::validation_failed, "sqlite: needs a file path");
  auto parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  writer_ = std::make_unique<SqliteConnection>(path, options.busy_timeout_ms, false);
  int readers = std::max(1, options.pool_size);
  for (int i = 0; i < readers; ++i) {
    idle_readers_.push_back(std::make_unique<SqliteConnection>(path, options.busy_timeout_ms, true));
  }
}

SqliteDatabase::~SqliteDatabase() {
  // Fold the WAL back into the main file so a clean shutdown leaves one file behind.
  if (writer_) {
    try {
      writer_->exec_script("PRAGMA wal_checkpoint(TRUNCATE);");
    } catch (const std::exception&) {
    }
  }
}

void SqliteDatabase::read_with(const std::function<void(Connection&)>& fn) {
  auto conn = take_reader();
  try {
    conn->exec("BEGIN", {});  // prepared once per connection, like every statement
    fn(*conn);
    conn->exec("COMMIT", {});
  } catch (...) {
    try {
      conn->exec("ROLLBACK", {});
    } catch (...) {
    }
    return_reader(std::move(conn));
    throw;
  }
  return_reader(std::move(conn));
}

void SqliteDatabase::write_with(const std::function<void(Connection&)>& fn) {
  std::lock_guard writer_lock(writer_mutex_);
  {
    std::lock_guard lock(readers_mutex_);
    writer_in_use_ = true;
  }
  auto release = [&] {
    std::lock_guard lock(readers_mutex_);
    writer_in_use_ = false;
  };
  try {
    writer_->exec("BEGIN IMMEDIATE", {});
    fn(*writer_);
    writer_->exec("COMMIT", {});
  } catch (...) {
    try {
      writer_->exec("ROLLBACK", {});
    } catch (...) {
    }
    release();
    throw;
  }
  release();
}

Result SqliteDatabase::query(std::string_view sql, const std::vector<Value>& params) {
  auto conn = take_reader();
  try {
    Result result = conn->exec(sql, params);  // one statement is its own read transaction
    return_reader(std::move(conn));
    return result;
  } catch (...) {
    return_reader(std::move(conn));
    throw;
  }
}

std::unique_ptr<SqliteConnection> SqliteDatabase::take_reader() {
  std::unique_lock lock(readers_mutex_);
  reader_available_.wait(lock, [&] { return !idle_readers_.empty(); });
  auto conn = std::move(idle_readers_.back());
  idle_readers_.pop_back();
  ++readers_in_use_;
  return conn;
}

void SqliteDatabase::return_reader(std::unique_ptr<SqliteConnection> reader) {
  std::lock_guard lock(readers_mutex_);
  idle_readers_.push_back(std::move(reader));
  --readers_in_use_;
  reader_available_.notify_one();
}

PoolStats SqliteDatabase::pool_stats() const {
  std::lock_guard lock(readers_mutex_);
  return {static_cast<int>(idle_readers_.size()) + readers_in_use_ + 1, readers_in_use_ + (writer_in_use_ ? 1 : 0)};
}

bool SqliteDatabase::ping() {
  try {
    return !query("SELECT 1 AS one").empty();
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace marquee::db
