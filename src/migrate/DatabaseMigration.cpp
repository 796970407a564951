#include "migrate/DatabaseMigration.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>

#include "core/Crypto.h"
#include "core/Error.h"

namespace marquee::migrate {
namespace {

constexpr std::int64_t kBatchRows = 200;

// Tables each database derives from the others by its own triggers (the search index: FTS5 on
// SQLite, tsvector on PostgreSQL). The destination rebuilds them as the rows they come from arrive.
bool derived_by_each_database(const std::string& table) {
  return table == "search_documents" || table == "tag_counts" || table == "category_counts";
}

// Tables in creation order, which is an order that satisfies every foreign key; virtual tables and
// their shadow tables (FTS5 keeps video_search_data, video_search_idx, …) and derived tables are left out.
std::vector<std::string> tables_of(db::Database& sqlite) {
  std::vector<std::string> virtual_tables;
  for (auto row : sqlite.query("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'")) {
    virtual_tables.push_back(row.str("name"));
  }
  auto belongs_to_virtual = [&](const std::string& name) {
    return std::any_of(virtual_tables.begin(), virtual_tables.end(), [&](const std::string& v) {
      return name == v || (name.size() > v.size() && name.compare(0, v.size() + 1, v + "_") == 0);
    });
  };
  std::vector<std::string> tables;
  for (auto row : sqlite.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                               "AND name <> 'schema_migrations' ORDER BY rowid")) {
    std::string name = row.str("name");
    if (!belongs_to_virtual(name) && !derived_by_each_database(name)) tables.push_back(std::move(name));
  }
  return tables;
}

std::vector<std::string> columns_of(db::Database& sqlite, const std::string& table) {
  std::vector<std::string> columns;
  for (auto row : sqlite.query("SELECT name FROM pragma_table_info(?) ORDER BY cid", {table})) {
    columns.push_back(row.str("name"));
  }
  return columns;
}

std::string quoted(const std::string& identifier) { return "\"" + identifier + "\""; }

// One value as the checksum sees it: the same on both databases.
void append_value(std::string& out, const db::Value& value) {
  if (std::holds_alternative<std::nullptr_t>(value)) {
    out += "\x01N";
  } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
    out += "\x01I" + std::to_string(*i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    char text[40];
    std::snprintf(text, sizeof text, "%.17g", *d);
    out += "\x01D" + std::string(text);
  } else {
    out += "\x01S" + std::get<std::string>(value);
  }
}

// The order-independent checksum of a table, and its row count.
std::pair<std::string, std::uint64_t> checksum(db::Database& database, const std::string& table,
                                               const std::vector<std::string>& columns) {
  std::string list;
  for (const auto& column : columns) list += (list.empty() ? "" : ", ") + quoted(column);
  std::vector<std::string> row_hashes;
  const db::Result rows = database.query("SELECT " + list + " FROM " + quoted(table));
  for (auto row : rows) {
    std::string flat;
    for (const auto& column : columns) {
      const db::Value& value = row.at(column);
      // PostgreSQL answers DOUBLE PRECISION and SQLite REAL alike; a whole-number REAL that
      // SQLite stored as an integer reads the same as its double.
      if (const auto* d = std::get_if<double>(&value); d && *d == static_cast<double>(static_cast<std::int64_t>(*d))) {
        append_value(flat, db::Value{static_cast<std::int64_t>(*d)});
      } else {
        append_value(flat, value);
      }
    }
    row_hashes.push_back(crypto::sha256(flat));
  }
  std::sort(row_hashes.begin(), row_hashes.end());
  std::string all;
  for (const auto& h : row_hashes) all += h;
  return {crypto::to_hex(crypto::sha256(all)), row_hashes.size()};
}

}  // namespace

bool DatabaseMigrationReport::ok() const {
  return std::all_of(tables.begin(), tables.end(), [](const TableReport& t) {
    return t.checksums_match && t.source_rows == t.destination_rows;
  });
}

std::string DatabaseMigrationReport::to_json() const {
  boost::json::array list;
  for (const auto& t : tables) {
    list.push_back({{"table", t.table},
                    {"source_rows", t.source_rows},
                    {"destination_rows", t.destination_rows},
                    {"checksums_match", t.checksums_match}});
  }
  return boost::json::serialize(boost::json::object{{"tables", std::move(list)}, {"rows_copied", rows_copied}, {"ok", ok()}});
}

DatabaseMigrationReport migrate_database(db::Database& from, db::Database& to,
                                         const std::function<void(const std::string&)>& progress) {
  if (from.dialect() != db::Dialect::sqlite || to.dialect() != db::Dialect::postgres) {
    throw Error(ErrorCode::validation_failed, "migrate-database copies a SQLite database into PostgreSQL");
  }
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  DatabaseMigrationReport report;
  const std::vector<std::string> tables = tables_of(from);
  for (const std::string& table : tables) {
    const std::vector<std::string> columns = columns_of(from, table);
    std::string list;
    for (const auto& column : columns) list += (list.empty() ? "" : ", ") + quoted(column);
    std::int64_t after = 0;
    std::uint64_t inserted = 0;
    while (true) {
      const db::Result batch = from.query("SELECT rowid AS marquee_rowid, " + list + " FROM " + quoted(table) +
                                              " WHERE rowid > ? ORDER BY rowid LIMIT ?",
                                          {after, kBatchRows});
      if (batch.empty()) break;
      std::string sql = "INSERT INTO " + quoted(table) + " (" + list + ") VALUES ";
      std::vector<db::Value> params;
      for (std::size_t r = 0; r < batch.size(); ++r) {
        sql += r == 0 ? "(" : ", (";
        for (std::size_t c = 0; c < columns.size(); ++c) {
          sql += c == 0 ? "?" : ", ?";
          params.push_back(batch.row(r).at(columns[c]));
        }
        sql += ")";
        after = batch.row(r).i64("marquee_rowid");
      }
      sql += " ON CONFLICT DO NOTHING";
      inserted += static_cast<std::uint64_t>(to.execute(sql, params).affected_rows());
    }
    report.rows_copied += inserted;
    auto [source_sum, source_rows] = checksum(from, table, columns);
    auto [destination_sum, destination_rows] = checksum(to, table, columns);
    report.tables.push_back({table, source_rows, destination_rows, source_sum == destination_sum});
    say(table + ": " + std::to_string(inserted) + " rows copied, " + std::to_string(source_rows) + " in all" +
        (source_sum == destination_sum ? "" : " (checksum differs)"));
  }
  return report;
}

}  // namespace marquee::migrate
