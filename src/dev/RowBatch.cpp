#include "dev/RowBatch.h"

#include <algorithm>

namespace marquee::dev {
namespace {

// Both databases accept this many parameters per statement.
constexpr std::size_t kMaxParameters = 30'000;
constexpr std::size_t kMaxRowsPerStatement = 500;

}  // namespace

RowBatch::RowBatch(db::Database& db, std::string head, std::size_t columns, std::size_t rows_per_transaction)
    : db_(db), head_(std::move(head)), columns_(columns), rows_per_transaction_(std::max<std::size_t>(1, rows_per_transaction)) {
  rows_.reserve(rows_per_transaction_);
}

void RowBatch::add(std::vector<db::Value> row) {
  rows_.push_back(std::move(row));
  if (rows_.size() >= rows_per_transaction_) flush();
}

std::size_t RowBatch::finish() {
  flush();
  return written_;
}

void RowBatch::flush() {
  if (rows_.empty()) return;
  const std::size_t per_statement = std::max<std::size_t>(1, std::min(kMaxRowsPerStatement, kMaxParameters / columns_));
  std::string row_placeholders = "(?";
  for (std::size_t i = 1; i < columns_; ++i) row_placeholders += ", ?";
  row_placeholders += ")";
  db_.write([&](db::Connection& c) {
    for (std::size_t start = 0; start < rows_.size(); start += per_statement) {
      const std::size_t stop = std::min(rows_.size(), start + per_statement);
      std::string sql = head_ + " VALUES ";
      std::vector<db::Value> params;
      params.reserve((stop - start) * columns_);
      for (std::size_t i = start; i < stop; ++i) {
        sql += (i == start ? "" : ", ") + row_placeholders;
        params.insert(params.end(), rows_[i].begin(), rows_[i].end());
      }
      c.exec(sql, params);
    }
  });
  written_ += rows_.size();
  rows_.clear();
}

}  // namespace marquee::dev
