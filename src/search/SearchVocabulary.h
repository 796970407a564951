#pragma once
// The words of the video index with how many listed videos hold each, in memory: where typo
// corrections (TypoRule) and word completions (suggestions) come from. The same code serves
// both databases, so a typo finds the same words on SQLite and PostgreSQL. Loaded from the
// index at start and reloaded periodically (SearchService); between reloads a new word is
// found exactly but is not yet offered as a correction.
//
// Thread safety: replace() and the queries may run concurrently (a snapshot behind a mutex).
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace marquee::search {

struct VocabularyTerm {
  std::string word;            // folded
  std::int64_t documents = 0;  // listed videos that hold it
};

class SearchVocabulary {
 public:
  // Replaces the whole vocabulary (any order, duplicates summed) of an index of `documents`
  // listed videos.
  void replace(std::vector<VocabularyTerm> terms, std::int64_t documents = 0);
  std::size_t size() const;
  // The listed videos of the index it was loaded from.
  std::int64_t indexed() const;

  // Whether `word` is a stop word: held by more than half of at least kStopWordCatalogue listed
  // videos. BM25 gives such a word no weight, and it hardly narrows anything.
  bool is_stop_word(const std::string& word) const;
  static constexpr std::int64_t kStopWordCatalogue = 10'000;

  // Up to `limit` words within `word`'s allowed typos (TypoRule), not the word itself, and at
  // least as common as it: the most common first, then the closest.
  std::vector<std::string> corrections(const std::string& word, std::size_t limit = 3) const;
  // Up to `limit` words that start with `prefix` (folded), the most common first.
  std::vector<VocabularyTerm> completions(const std::string& prefix, std::size_t limit) const;
  // How many listed videos hold a word starting with `prefix`, summed over the words (at most
  // the catalogue).
  std::int64_t documents_with_prefix(const std::string& prefix) const;
  // How many listed videos hold `word` (0 when none).
  std::int64_t documents(const std::string& word) const;

 private:
  struct Entry {
    std::u32string code_points;
    std::uint64_t letters = 0;  // one bit per letter (hashed): each edit flips at most two
    std::uint32_t term = 0;     // index in terms
  };
  struct Snapshot {
    std::vector<VocabularyTerm> terms;             // sorted by word
    std::vector<std::vector<Entry>> by_length;     // by code point count
    std::int64_t documents = 0;                    // listed videos in the index
  };

  std::shared_ptr<const Snapshot> snapshot() const;

  mutable std::mutex mutex_;
  std::shared_ptr<const Snapshot> snapshot_ = std::make_shared<Snapshot>();
};

}  // namespace marquee::search
