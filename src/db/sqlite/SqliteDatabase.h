#pragma once
// The embedded default: one SQLite file in WAL mode. Writes go through a single writer
// connection (SQLite allows one writer at a time anyway, and queuing in-process beats
// spinning on SQLITE_BUSY); reads use a pool of reader connections that see the last
// committed state without blocking the writer.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/Database.h"

namespace marquee::db {

class SqliteConnection;

class SqliteDatabase final : public Database {
 public:
  // Creates the file (and its directory) when missing. Throws Error(unavailable).
  SqliteDatabase(const std::string& path, const DatabaseOptions& options);
  ~SqliteDatabase() override;

  Dialect dialect() const override { return Dialect::sqlite; }
  void read_with(const std::function<void(Connection&)>& fn) override;
  void write_with(const std::function<void(Connection&)>& fn) override;
  PoolStats pool_stats() const override;
  bool ping() override;
  Result query(std::string_view sql, const std::vector<Value>& params = {}) override;

 private:
  std::unique_ptr<SqliteConnection> take_reader();
  void return_reader(std::unique_ptr<SqliteConnection> reader);

  std::string path_;
  DatabaseOptions options_;

  std::mutex writer_mutex_;  // guards writer_
  std::unique_ptr<SqliteConnection> writer_;

  mutable std::mutex readers_mutex_;  // guards idle_readers_, readers_in_use_
  std::condition_variable reader_available_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;
  int readers_in_use_ = 0;
  bool writer_in_use_ = false;  // guarded by readers_mutex_ (for stats only)
};

}  // namespace marquee::db
