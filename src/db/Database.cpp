#include "db/Database.h"

#include <algorithm>
#include <bit>

#include "core/Error.h"
#include "db/postgres/PostgresDatabase.h"
#include "db/sqlite/SqliteDatabase.h"

namespace marquee::db {

Result::Result(std::vector<std::string> columns, std::vector<std::vector<Value>> rows, std::int64_t affected)
    : columns_(std::move(columns)), rows_(std::move(rows)), affected_(affected) {}

Row Result::front() const {
  if (rows_.empty()) throw Error(ErrorCode::internal, "query returned no rows");
  return Row(*this, 0);
}

std::size_t Result::column_index(std::string_view name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i] == name) return i;
  }
  throw Error(ErrorCode::internal, "result has no column " + std::string(name));
}

const Value& Row::at(std::string_view column) const {
  return result_->rows_[index_][result_->column_index(column)];
}

bool Row::is_null(std::string_view column) const { return std::holds_alternative<std::nullptr_t>(at(column)); }

std::int64_t Row::i64(std::string_view column) const {
  const Value& v = at(column);
  if (auto i = std::get_if<std::int64_t>(&v)) return *i;
  if (auto d = std::get_if<double>(&v)) return static_cast<std::int64_t>(*d);
  if (auto s = std::get_if<std::string>(&v)) {
    if (*s == "t" || *s == "true") return 1;
    if (*s == "f" || *s == "false") return 0;
    try {
      return std::stoll(*s);
    } catch (const std::exception&) {
      throw Error(ErrorCode::internal, "column " + std::string(column) + " is not an integer");
    }
  }
  return 0;
}

double Row::f64(std::string_view column) const {
  const Value& v = at(column);
  if (auto d = std::get_if<double>(&v)) return *d;
  if (auto i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (auto s = std::get_if<std::string>(&v)) {
    try {
      return std::stod(*s);
    } catch (const std::exception&) {
      throw Error(ErrorCode::internal, "column " + std::string(column) + " is not a number");
    }
  }
  return 0;
}

std::string Row::str(std::string_view column) const {
  const Value& v = at(column);
  if (auto s = std::get_if<std::string>(&v)) return *s;
  if (auto i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto d = std::get_if<double>(&v)) return std::to_string(*d);
  return "";
}

Result Database::query(std::string_view sql, const std::vector<Value>& params) {
  return read([&](Connection& c) { return c.exec(sql, params); });
}

Result Database::execute(std::string_view sql, const std::vector<Value>& params) {
  return write([&](Connection& c) { return c.exec(sql, params); });
}

std::unique_ptr<Database> open_database(const std::string& url, const DatabaseOptions& options) {
  if (url.starts_with("sqlite:")) return std::make_unique<SqliteDatabase>(url.substr(7), options);
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    return std::make_unique<PostgresDatabase>(url, options);
  }
  throw Error(ErrorCode::validation_failed, "database must be sqlite:PATH or postgres://…, got '" + url + "'");
}

std::string placeholders(std::size_t n) {
  std::string out = "?";
  for (std::size_t i = 1; i < n; ++i) out += ", ?";
  return out;
}

std::size_t padded_size(std::size_t count) { return std::bit_ceil(std::max<std::size_t>(count, 1)); }

}  // namespace marquee::db
