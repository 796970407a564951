#pragma once
// A parsed query as each database's full-text engine reads it: an FTS5 MATCH expression for
// SQLite, a tsquery for PostgreSQL's to_tsquery('simple', …). Words are folded letters and
// digits only (SearchText), so quoting them is enough to keep any operator out.
#include <string>

#include "db/Database.h"
#include "search/SearchQuery.h"

namespace marquee::search {

// all: every required term must match; any: at least one (partial matches).
enum class MatchMode { all, any };

std::string fts5_expression(const ParsedQuery& query, MatchMode mode);
std::string tsquery_expression(const ParsedQuery& query, MatchMode mode);

inline std::string match_expression(db::Dialect dialect, const ParsedQuery& query, MatchMode mode) {
  return dialect == db::Dialect::sqlite ? fts5_expression(query, mode) : tsquery_expression(query, mode);
}

}  // namespace marquee::search
