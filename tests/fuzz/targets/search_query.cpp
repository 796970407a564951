// What people type into search, and the filters beside it: parsed, then turned into SQLite
// FTS5 and PostgreSQL tsquery expressions, which must never carry the query's syntax through.
#include "FuzzSupport.h"
#include "search/MatchExpression.h"
#include "search/SearchFilters.h"
#include "search/SearchQuery.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace marquee;
  const std::string_view text = fuzz::bytes_of(data, size);
  fuzz::refusal_is_fine([&] {
    const auto query = search::parse_query(text);
    for (auto mode : {search::MatchMode::all, search::MatchMode::any}) {
      (void)search::fts5_expression(query, mode);
      (void)search::tsquery_expression(query, mode);
    }
  });
  (void)search::parse_duration_filter(text);
  (void)search::parse_uploaded_filter(text);
  (void)search::parse_sort(text);
  (void)search::parse_result_type(text);
  return 0;
}
