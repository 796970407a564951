#pragma once
// `marquee migrate-database`: copies an embedded install's SQLite database into PostgreSQL,
// then verifies the copy.
//
// The destination gets Marquee's schema first (the same migrations, applied as on any
// start). Tables are copied in the order the migrations created them, so every row a row
// refers to is there before it; rows go in batches with ON CONFLICT DO NOTHING, so a run
// that was interrupted can simply be started again. Verification, per table: the same row
// count, and the same checksum — the SHA-256 of the sorted per-row hashes of every column's
// value (booleans read as 0/1 on both sides), which does not depend on row order or collation.
//
// Run it with the site stopped: rows written during the copy may be missed (the
// verification then reports the table).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "db/Database.h"

namespace marquee::migrate {

struct TableReport {
  std::string table;
  std::uint64_t source_rows = 0;
  std::uint64_t destination_rows = 0;
  bool checksums_match = false;
};

struct DatabaseMigrationReport {
  std::vector<TableReport> tables;
  std::uint64_t rows_copied = 0;  // inserted by this run (earlier runs' rows are skipped)

  bool ok() const;
  std::string to_json() const;
};

// REQUIRES: `from` is SQLite and `to` PostgreSQL, both with Marquee's migrations applied.
DatabaseMigrationReport migrate_database(db::Database& from, db::Database& to,
                                         const std::function<void(const std::string&)>& progress = {});

}  // namespace marquee::migrate
