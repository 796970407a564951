#include "db/Migrations.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "core/Clock.h"

namespace marquee::db {
namespace {

const char* dialect_name(Dialect d) { return d == Dialect::sqlite ? "sqlite" : "postgres"; }

void ensure_schema_table(Connection& c) {
  c.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
         "applied_at BIGINT NOT NULL)");
}

}  // namespace

std::vector<int> applied_migrations(Database& db) {
  return db.write([](Connection& c) {
    ensure_schema_table(c);
    std::vector<int> out;
    for (auto row : c.exec("SELECT version FROM schema_migrations ORDER BY version")) {
      out.push_back(static_cast<int>(row.i64("version")));
    }
    return out;
  });
}

int run_migrations(Database& db, const std::vector<Migration>& migrations) {
  std::vector<const Migration*> mine;
  for (const auto& m : migrations) {
    if (m.dialect == dialect_name(db.dialect())) mine.push_back(&m);
  }
  std::sort(mine.begin(), mine.end(), [](auto* a, auto* b) { return a->version < b->version; });
  int ran = 0;
  for (const Migration* m : mine) {
    bool applied = db.write([&](Connection& c) {
      // PostgreSQL: serialize concurrent migrators; SQLite's write transaction already does.
      if (db.dialect() == Dialect::postgres) c.exec("SELECT pg_advisory_xact_lock(7340211)");
      ensure_schema_table(c);
      if (!c.exec("SELECT 1 FROM schema_migrations WHERE version = ?", {std::int64_t{m->version}}).empty()) {
        return false;
      }
      c.exec_script(m->sql);
      c.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
             {std::int64_t{m->version}, m->name, wall_clock_ms()});
      return true;
    });
    if (applied) {
      spdlog::info("applied migration {} ({})", m->name, dialect_name(db.dialect()));
      ++ran;
    }
  }
  return ran;
}

}  // namespace marquee::db
