#pragma once
// The scale-out Database: PostgreSQL through libpq. A bounded pool of connections, each
// preparing a statement once and reusing it; `?` placeholders become $1…$n. Writes run in
// READ COMMITTED and are retried on serialization failures and deadlocks; reads run in a
// read-only REPEATABLE READ snapshot. libpq stays out of this header.
#include <memory>
#include <string>

#include "db/Database.h"

namespace marquee::db {

class PostgresDatabase final : public Database {
 public:
  // `url` is a libpq connection URI (postgres://… or postgresql://…). One connection is
  // opened here so a bad URL fails at once with Error(unavailable); the rest of the
  // options.pool_size connections open on demand. Waiting for a free connection gives up
  // after options.busy_timeout_ms with Error(unavailable) (a value <= 0 waits forever).
  PostgresDatabase(const std::string& url, const DatabaseOptions& options);
  ~PostgresDatabase() override;
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  Dialect dialect() const override { return Dialect::postgres; }
  void read_with(const std::function<void(Connection&)>& fn) override;
  void write_with(const std::function<void(Connection&)>& fn) override;
  PoolStats pool_stats() const override;
  bool ping() override;
  Result query(std::string_view sql, const std::vector<Value>& params = {}) override;
  Result query_planned_each_time(std::string_view sql, const std::vector<Value>& params) override;

 private:
  Result autocommit(std::string_view sql, const std::vector<Value>& params, bool planned_each_time);
  class Pool;
  std::unique_ptr<Pool> pool_;
};

}  // namespace marquee::db
