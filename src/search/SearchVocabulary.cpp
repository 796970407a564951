#include "search/SearchVocabulary.h"

#include <algorithm>
#include <bit>

#include "core/Text.h"
#include "search/SearchText.h"
#include "search/TypoRule.h"

namespace marquee::search {
namespace {

std::uint64_t letters_of(std::u32string_view word) {
  std::uint64_t bits = 0;
  for (char32_t cp : word) bits |= std::uint64_t{1} << (static_cast<std::uint32_t>(cp) * 2654435761u >> 26);
  return bits;
}

// Longer words are never typo candidates (a query cuts its words there, SearchText).
constexpr std::size_t kMaxLength = 64;

// Only what a query can hold as a word (letters and digits): PostgreSQL's parser also keeps
// URLs, e-mail addresses and the like whole, with punctuation inside, and such a token offered
// as a completion or correction would be neither typed nor safe to splice into a query.
bool is_search_word(const std::string& word) {
  const std::u32string cps = text::decode_utf8(word);
  return std::all_of(cps.begin(), cps.end(), [](char32_t cp) { return is_word_char(cp); });
}

}  // namespace

void SearchVocabulary::replace(std::vector<VocabularyTerm> terms, std::int64_t documents) {
  auto next = std::make_shared<Snapshot>();
  next->documents = documents;
  std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) { return a.word < b.word; });
  for (auto& term : terms) {
    if (term.word.empty() || !text::is_valid_utf8(term.word) || !is_search_word(term.word)) continue;
    if (!next->terms.empty() && next->terms.back().word == term.word) {
      next->terms.back().documents += term.documents;
    } else {
      next->terms.push_back(std::move(term));
    }
  }
  next->by_length.resize(kMaxLength + 1);
  for (std::uint32_t i = 0; i < next->terms.size(); ++i) {
    std::u32string cps = text::decode_utf8(next->terms[i].word);
    if (cps.size() > kMaxLength) continue;
    const std::uint64_t letters = letters_of(cps);
    next->by_length[cps.size()].push_back({std::move(cps), letters, i});
  }
  std::lock_guard lock(mutex_);
  snapshot_ = std::move(next);
}

std::shared_ptr<const SearchVocabulary::Snapshot> SearchVocabulary::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

std::size_t SearchVocabulary::size() const { return snapshot()->terms.size(); }

std::int64_t SearchVocabulary::indexed() const { return snapshot()->documents; }

bool SearchVocabulary::is_stop_word(const std::string& word) const {
  const std::int64_t total = snapshot()->documents;
  return total >= kStopWordCatalogue && 2 * documents(word) > total;
}

std::int64_t SearchVocabulary::documents(const std::string& word) const {
  auto s = snapshot();
  auto it = std::lower_bound(s->terms.begin(), s->terms.end(), word,
                             [](const VocabularyTerm& t, const std::string& w) { return t.word < w; });
  return it != s->terms.end() && it->word == word ? it->documents : 0;
}

std::int64_t SearchVocabulary::documents_with_prefix(const std::string& prefix) const {
  auto s = snapshot();
  auto it = std::lower_bound(s->terms.begin(), s->terms.end(), prefix,
                             [](const VocabularyTerm& t, const std::string& p) { return t.word < p; });
  std::int64_t sum = 0;
  for (; it != s->terms.end() && it->word.starts_with(prefix); ++it) {
    sum += it->documents;
    if (s->documents > 0 && sum >= s->documents) return s->documents;  // every video: stop counting
  }
  return sum;
}

std::vector<std::string> SearchVocabulary::corrections(const std::string& word, std::size_t limit) const {
  if (!text::is_valid_utf8(word)) return {};
  const std::u32string cps = text::decode_utf8(word);
  const int typos = allowed_typos(cps.size());
  if (typos == 0 || limit == 0) return {};
  auto s = snapshot();
  const std::int64_t own = documents(word);
  const std::uint64_t letters = letters_of(cps);
  struct Candidate {
    std::uint32_t term;
    int distance;
  };
  std::vector<Candidate> found;
  const std::size_t lo = cps.size() > static_cast<std::size_t>(typos) ? cps.size() - typos : 0;
  const std::size_t hi = std::min(kMaxLength, cps.size() + typos);
  for (std::size_t length = lo; length <= hi; ++length) {
    for (const auto& entry : s->by_length[length]) {
      if (std::popcount(entry.letters ^ letters) > 2 * typos) continue;
      const auto& term = s->terms[entry.term];
      if (term.documents < own || term.word == word) continue;
      const int d = typo_distance(cps, entry.code_points, typos);
      if (d <= typos) found.push_back({entry.term, d});
    }
  }
  std::sort(found.begin(), found.end(), [&](const Candidate& a, const Candidate& b) {
    const auto da = s->terms[a.term].documents;
    const auto db = s->terms[b.term].documents;
    if (da != db) return da > db;
    if (a.distance != b.distance) return a.distance < b.distance;
    return s->terms[a.term].word < s->terms[b.term].word;
  });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < found.size() && out.size() < limit; ++i) out.push_back(s->terms[found[i].term].word);
  return out;
}

std::vector<VocabularyTerm> SearchVocabulary::completions(const std::string& prefix, std::size_t limit) const {
  auto s = snapshot();
  auto first = std::lower_bound(s->terms.begin(), s->terms.end(), prefix,
                                [](const VocabularyTerm& t, const std::string& p) { return t.word < p; });
  std::vector<const VocabularyTerm*> range;
  for (auto it = first; it != s->terms.end() && it->word.starts_with(prefix); ++it) range.push_back(&*it);
  const std::size_t n = std::min(limit, range.size());
  std::partial_sort(range.begin(), range.begin() + static_cast<std::ptrdiff_t>(n), range.end(),
                    [](const auto* a, const auto* b) {
                      return a->documents != b->documents ? a->documents > b->documents : a->word < b->word;
                    });
  std::vector<VocabularyTerm> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(*range[i]);
  return out;
}

}  // namespace marquee::search
