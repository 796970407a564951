#pragma once
// Which database a test runs against: MARQUEE_TEST_DATABASE=sqlite (default) gives a fresh
// SQLite file in a temp dir; =postgres gives a fresh schema in the server named by
// MARQUEE_TEST_POSTGRES_URL (scripts/with-postgres starts one), so tests never share rows.
#include <string>

namespace marquee::testing {

// True when the suite runs against PostgreSQL.
bool using_postgres();

// A database URL no other test uses. `data_dir` holds the SQLite file.
std::string fresh_database_url(const std::string& data_dir);

// A new empty temporary directory, removed by the caller (or left for inspection).
std::string make_temp_dir(const std::string& prefix);

}  // namespace marquee::testing
