#pragma once
// What a search box's text asks for (docs/search.md): words, "quoted phrases" and -excluded
// words or phrases, folded like the index. A chunk that folds into several words ("hip-hop",
// "o'neil") is a phrase. The last word is a prefix while it is being typed (the text does not
// end with a space), so results follow the keyboard.
#include <string>
#include <string_view>
#include <vector>

namespace marquee::search {

struct QueryTerm {
  std::vector<std::string> words;  // one word, or a phrase's words in order
  bool phrase = false;
  bool prefix = false;                   // the last word typed so far: matches any word it starts
  std::vector<std::string> corrections;  // typo corrections of a single word (filled by the service)
  // For a prefix: the words it is matched as, instead of the engine's own prefix search (filled
  // by the service from the vocabulary: the most common words that start with it).
  std::vector<std::string> completions;

  bool single_word() const { return !phrase && words.size() == 1; }
};

struct ParsedQuery {
  std::vector<QueryTerm> required;  // all match (partial matches: some)
  std::vector<QueryTerm> excluded;  // none may match
  // The required words, folded and space-separated: what the query log keeps and what an
  // exact title match is compared with.
  std::string normalized;

  bool empty() const { return required.empty(); }
};

// At most this many terms are read; the rest of a longer text is ignored.
inline constexpr std::size_t kMaxQueryTerms = 16;
// A text longer than this (bytes) is refused by the service.
inline constexpr std::size_t kMaxQueryBytes = 512;

ParsedQuery parse_query(std::string_view text);

}  // namespace marquee::search
