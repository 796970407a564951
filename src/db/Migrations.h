#pragma once
// Versioned schema migrations, one ordered list per dialect, embedded in the binary from
// src/db/migrations/<dialect>/NNNN_name.sql. Each applies once, in its own transaction,
// and is recorded in schema_migrations; concurrent starters serialize on a lock.
#include <string>
#include <vector>

#include "db/Database.h"

namespace marquee::db {

struct Migration {
  std::string dialect;  // "sqlite" | "postgres"
  int version;
  std::string name;
  std::string sql;
};

const std::vector<Migration>& embedded_migrations();

// Applies every migration of db's dialect that is not yet recorded. Returns how many ran.
int run_migrations(Database& db, const std::vector<Migration>& migrations = embedded_migrations());

// Versions recorded as applied, ascending.
std::vector<int> applied_migrations(Database& db);

}  // namespace marquee::db
