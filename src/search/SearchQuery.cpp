#include "search/SearchQuery.h"

#include "core/Text.h"
#include "search/SearchText.h"

namespace marquee::search {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Shorter than two characters, a prefix would match most of the index.
constexpr std::size_t kMinPrefixCodePoints = 2;

}  // namespace

ParsedQuery parse_query(std::string_view text) {
  ParsedQuery query;
  if (!text::is_valid_utf8(text)) return query;
  std::size_t i = 0;
  std::size_t terms = 0;
  bool last_is_open_word = false;  // the last term read is a bare word with nothing after it
  while (i < text.size() && terms < kMaxQueryTerms) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size()) break;
    bool excluded = false;
    if (text[i] == '-' && i + 1 < text.size() && !is_space(text[i + 1])) {
      excluded = true;
      ++i;
    }
    QueryTerm term;
    std::size_t end;
    if (text[i] == '"') {
      // A phrase runs to the closing quote, or to the end of an unbalanced one.
      std::size_t close = text.find('"', i + 1);
      end = close == std::string_view::npos ? text.size() : close + 1;
      std::string_view inside = text.substr(i + 1, (close == std::string_view::npos ? text.size() : close) - i - 1);
      term.words = words(inside);
      term.phrase = true;
    } else {
      end = i;
      while (end < text.size() && !is_space(text[end]) && text[end] != '"') ++end;
      term.words = words(text.substr(i, end - i));
      term.phrase = term.words.size() > 1;
    }
    i = end;
    last_is_open_word = false;
    if (term.words.empty()) continue;  // punctuation only
    ++terms;
    if (excluded) {
      query.excluded.push_back(std::move(term));
    } else {
      last_is_open_word = term.single_word() && i == text.size();
      query.required.push_back(std::move(term));
    }
  }
  if (last_is_open_word && text::code_points(query.required.back().words.front()) >= kMinPrefixCodePoints) {
    query.required.back().prefix = true;
  }
  for (const auto& term : query.required) {
    for (const auto& word : term.words) {
      if (!query.normalized.empty()) query.normalized += ' ';
      query.normalized += word;
    }
  }
  return query;
}

}  // namespace marquee::search
