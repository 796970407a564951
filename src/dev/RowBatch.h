#pragma once
// Rows of one table written with multi-row INSERT statements, the fast way to load many rows
// through the Database interface on SQLite and PostgreSQL alike: one round trip per few
// hundred rows, one transaction per `rows_per_transaction` rows, and never more than that
// many rows held in memory.
#include <cstddef>
#include <string>
#include <vector>

#include "db/Database.h"

namespace marquee::dev {

class RowBatch {
 public:
  // `head` is "INSERT INTO t (a, b, c)"; every row has `columns` values.
  RowBatch(db::Database& db, std::string head, std::size_t columns, std::size_t rows_per_transaction = 20'000);

  // Writes the rows collected so far when they fill a transaction.
  void add(std::vector<db::Value> row);
  // Writes what is left. Call once the last row is in; returns how many rows were written.
  std::size_t finish();

 private:
  void flush();

  db::Database& db_;
  const std::string head_;
  const std::size_t columns_;
  const std::size_t rows_per_transaction_;
  std::vector<std::vector<db::Value>> rows_;
  std::size_t written_ = 0;
};

}  // namespace marquee::dev
