#pragma once
// The one door to the metadata database. Two implementations share this contract and one
// conformance suite: SQLite (embedded default) and PostgreSQL (scale-out).
//
// SQL is written once with `?` placeholders; the PostgreSQL implementation renumbers them
// to $1…$n. Both dialects understand the SQL the stores use (INSERT … ON CONFLICT,
// RETURNING, LIMIT/OFFSET, CTEs); where they differ, a store asks dialect().
//
// Thread safety: Database is safe to share between threads. A Connection is handed to one
// callback at a time and must not escape it. All calls block: run them off I/O threads.
//
// Errors: a unique-key violation throws UniqueViolation (stores turn it into a domain
// 409); other database failures throw Error(unavailable) or Error(internal) with the
// driver's message, which the HTTP layer logs and never shows to clients.
#include <cstdint>
#include <functional>
#include <optional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <variant>
#include <vector>

namespace marquee::db {

enum class Dialect { sqlite, postgres };

// A bound parameter or a column value. Booleans are bound as integers (0/1) and read back
// as integers from both dialects.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

// NULL for "" and for 0: optional text and times stored as NULL.
inline Value null_if_empty(const std::string& text) { return text.empty() ? Value(nullptr) : Value(text); }
inline Value null_if_zero(std::int64_t n) { return n == 0 ? Value(nullptr) : Value(n); }

class Result;

// A read-only view of one row of a Result.
class Row {
 public:
  Row(const Result& result, std::size_t index) : result_(&result), index_(index) {}

  const Value& at(std::string_view column) const;
  bool is_null(std::string_view column) const;
  std::int64_t i64(std::string_view column) const;     // NULL reads as 0
  double f64(std::string_view column) const;           // integers convert
  std::string str(std::string_view column) const;      // NULL reads as ""
  bool boolean(std::string_view column) const { return i64(column) != 0; }

 private:
  const Result* result_;
  std::size_t index_;
};

class Result {
 public:
  Result() = default;
  Result(std::vector<std::string> columns, std::vector<std::vector<Value>> rows, std::int64_t affected);

  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  Row row(std::size_t i) const { return Row(*this, i); }
  Row front() const;  // throws when empty
  std::int64_t affected_rows() const { return affected_; }
  const std::vector<std::string>& columns() const { return columns_; }

  struct Iterator {
    const Result* result;
    std::size_t i;
    Row operator*() const { return Row(*result, i); }
    Iterator& operator++() {
      ++i;
      return *this;
    }
    bool operator!=(const Iterator& o) const { return i != o.i; }
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, rows_.size()}; }

 private:
  friend class Row;
  std::size_t column_index(std::string_view name) const;

  std::vector<std::string> columns_;
  std::vector<std::vector<Value>> rows_;
  std::int64_t affected_ = 0;
};

// Thrown when an INSERT or UPDATE breaks a UNIQUE or PRIMARY KEY constraint. `detail` is
// the driver's text (it names the constraint or the columns).
class UniqueViolation : public std::runtime_error {
 public:
  explicit UniqueViolation(const std::string& detail) : std::runtime_error(detail) {}
  bool mentions(std::string_view word) const { return std::string_view(what()).find(word) != std::string_view::npos; }
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Runs one statement with `?` parameters; statements are prepared once per connection.
  virtual Result exec(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs several `;`-separated statements without parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;
};

struct PoolStats {
  int size = 0;
  int in_use = 0;
};

class Database {
 public:
  virtual ~Database() = default;

  virtual Dialect dialect() const = 0;
  // Runs fn on a pooled connection inside a read-only transaction (one consistent snapshot).
  virtual void read_with(const std::function<void(Connection&)>& fn) = 0;
  // Runs fn inside a read-write transaction: commits when fn returns, rolls back and
  // rethrows when it throws. Transient conflicts (serialization failure, deadlock) are
  // retried a few times, so fn must be safe to run again.
  virtual void write_with(const std::function<void(Connection&)>& fn) = 0;
  virtual PoolStats pool_stats() const = 0;
  // True when a trivial query succeeds (readiness).
  virtual bool ping() = 0;

  template <typename F>
  auto read(F&& fn) -> std::invoke_result_t<F, Connection&> {
    using R = std::invoke_result_t<F, Connection&>;
    if constexpr (std::is_void_v<R>) {
      read_with(fn);
    } else {
      std::optional<R> out;
      read_with([&](Connection& c) { out.emplace(fn(c)); });
      return std::move(*out);
    }
  }
  template <typename F>
  auto write(F&& fn) -> std::invoke_result_t<F, Connection&> {
    using R = std::invoke_result_t<F, Connection&>;
    if constexpr (std::is_void_v<R>) {
      write_with(fn);
    } else {
      std::optional<R> out;
      write_with([&](Connection& c) { out.emplace(fn(c)); });
      return std::move(*out);
    }
  }
  // One read-only statement on its own. Implementations run it in autocommit (one round
  // trip; a single statement sees one consistent snapshot anyway).
  virtual Result query(std::string_view sql, const std::vector<Value>& params = {});
  // query(), planned for these parameter values rather than prepared once: for a statement
  // whose best plan depends on them, such as a full-text match that may select one row or all
  // of them (PostgreSQL would otherwise settle on one generic plan for every value after a few
  // runs). SQLite plans from its own statistics, not the values: there it is query().
  virtual Result query_planned_each_time(std::string_view sql, const std::vector<Value>& params) {
    return query(sql, params);
  }
  // One statement in its own write transaction.
  Result execute(std::string_view sql, const std::vector<Value>& params = {});
};

struct DatabaseOptions {
  int pool_size = 8;
  int busy_timeout_ms = 5'000;
};

// Opens `sqlite:PATH` or `postgres://…` / `postgresql://…`. Throws Error(validation_failed)
// for an unknown scheme and Error(unavailable) when the database cannot be reached.
std::unique_ptr<Database> open_database(const std::string& url, const DatabaseOptions& options);

// "?, ?, ?" for n parameters (at least one).
std::string placeholders(std::size_t n);
// A list length of a power of two at least `count`: statements with IN (…) lists padded to it
// stay few in number (each distinct text is prepared once per connection and kept).
std::size_t padded_size(std::size_t count);

}  // namespace marquee::db
