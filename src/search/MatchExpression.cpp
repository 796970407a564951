#include "search/MatchExpression.h"

namespace marquee::search {
namespace {

// The spelling of one engine's operators.
struct Syntax {
  std::string (*quote)(const std::string& word);
  const char* prefix;  // after a quoted word
  const char* phrase_join;
  const char* or_;
  const char* and_;
};

// Words are letters and digits (SearchText), vocabulary words too (SearchVocabulary); quoting
// escapes anything else all the same, so no word is ever read as syntax.
std::string escaped(const std::string& word, char quote, bool backslash) {
  std::string out(1, quote);
  for (char c : word) {
    if (c == quote || (backslash && c == '\\')) out += c;
    out += c;
  }
  return out + quote;
}
std::string fts5_quote(const std::string& word) { return escaped(word, '"', false); }
std::string ts_quote(const std::string& word) { return escaped(word, '\'', true); }

const Syntax kFts5{fts5_quote, "*", " ", " OR ", " AND "};
const Syntax kTsquery{ts_quote, ":*", " <-> ", " | ", " & "};

std::string term_expression(const QueryTerm& term, const Syntax& syntax, bool fts5) {
  if (!term.single_word()) {
    std::string out;
    if (fts5) {
      std::string phrase;
      for (std::size_t i = 0; i < term.words.size(); ++i) phrase += (i ? " " : "") + term.words[i];
      return fts5_quote(phrase);
    }
    out = "(";
    for (std::size_t i = 0; i < term.words.size(); ++i) out += (i ? syntax.phrase_join : "") + syntax.quote(term.words[i]);
    return out + ")";
  }
  if (term.prefix && !term.completions.empty()) {
    std::string out = "(";
    for (std::size_t i = 0; i < term.completions.size(); ++i) out += (i ? syntax.or_ : "") + syntax.quote(term.completions[i]);
    return out + ")";
  }
  std::string out = "(" + syntax.quote(term.words.front()) + (term.prefix ? syntax.prefix : "");
  for (const auto& correction : term.corrections) out += syntax.or_ + syntax.quote(correction);
  return out + ")";
}

std::string expression(const ParsedQuery& query, MatchMode mode, const Syntax& syntax, bool fts5) {
  std::string positive;
  for (const auto& term : query.required) {
    if (!positive.empty()) positive += mode == MatchMode::all ? syntax.and_ : syntax.or_;
    positive += term_expression(term, syntax, fts5);
  }
  std::string out = "(" + positive + ")";
  for (const auto& term : query.excluded) {
    out = fts5 ? "(" + out + " NOT " + term_expression(term, syntax, true) + ")"
               : out + " & !" + term_expression(term, syntax, false);
  }
  return out;
}

}  // namespace

std::string fts5_expression(const ParsedQuery& query, MatchMode mode) { return expression(query, mode, kFts5, true); }

std::string tsquery_expression(const ParsedQuery& query, MatchMode mode) {
  return expression(query, mode, kTsquery, false);
}

}  // namespace marquee::search
