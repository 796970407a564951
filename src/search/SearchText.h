#pragma once
// How search and recommendations read text: folded (Unicode case folding, compatibility
// decomposition, combining marks removed, so "Amélie", "AMELIE" and "ａｍｅｌｉｅ" are one
// word) and split into words of letters and digits. It is the C++ twin of the databases'
// tokenizers (SQLite FTS5 unicode61 remove_diacritics 2; PostgreSQL unaccent + 'simple'),
// so a query folds the way the index did.
#include <string>
#include <string_view>
#include <vector>

namespace marquee::search {

// The folded form of valid UTF-8 text; invalid UTF-8 folds to "".
std::string fold(std::string_view text);

// The folded words of `text`, in order, each at most kMaxWordBytes (longer ones are cut).
std::vector<std::string> words(std::string_view text);

inline constexpr std::size_t kMaxWordBytes = 64;

// Whether a code point belongs to a word (Unicode letter, digit or combining mark).
bool is_word_char(char32_t cp);

}  // namespace marquee::search
