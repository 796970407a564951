// The typo rule and the vocabulary corrections come from: how many typos a word may have, the
// distance that counts them, and which words are offered.
#include <gtest/gtest.h>

#include "core/Text.h"
#include "search/SearchVocabulary.h"
#include "search/TypoRule.h"

namespace marquee::search {
namespace {

int distance(const std::string& a, const std::string& b, int limit = 5) {
  return typo_distance(text::decode_utf8(a), text::decode_utf8(b), limit);
}

TEST(TypoRule, NoneUnderFiveLettersOneFromFiveTwoFromNine) {
  EXPECT_EQ(allowed_typos(4), 0);
  EXPECT_EQ(allowed_typos(5), 1);
  EXPECT_EQ(allowed_typos(8), 1);
  EXPECT_EQ(allowed_typos(9), 2);
  EXPECT_EQ(allowed_typos(30), 2);
}

TEST(TypoRule, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
  EXPECT_EQ(distance("kitten", "kitten"), 0);
  EXPECT_EQ(distance("kitten", "kittne"), 1) << "a swap of neighbours is one typo";
  EXPECT_EQ(distance("kitten", "kiten"), 1);
  EXPECT_EQ(distance("kitten", "kittens"), 1);
  EXPECT_EQ(distance("kitten", "sitten"), 1);
  EXPECT_EQ(distance("kitten", "sitting"), 3);
  EXPECT_EQ(distance("café", "cafe"), 1) << "code points, not bytes";
  EXPECT_EQ(distance("abcdefgh", "zzzzzzzz", 2), 3) << "stops past the limit";
  EXPECT_EQ(distance("", "abc"), 3);
}

TEST(SearchVocabulary, OffersCloseWordsAtLeastAsCommonMostCommonFirst) {
  SearchVocabulary vocabulary;
  vocabulary.replace({{"kitten", 50}, {"kittens", 20}, {"mitten", 5}, {"kitchen", 40}, {"bitten", 60},
                      {"kittne", 1}, {"cat", 99}, {"timelapse", 30}});
  EXPECT_EQ(vocabulary.corrections("kittne"), (std::vector<std::string>{"kitten"}));
  // Known words: only as common or more, never the word itself.
  EXPECT_EQ(vocabulary.corrections("kitten"), (std::vector<std::string>{"bitten"}));
  EXPECT_EQ(vocabulary.corrections("mitten"), (std::vector<std::string>{"bitten", "kitten"}));
  EXPECT_TRUE(vocabulary.corrections("cta").empty()) << "no typos under 5 letters";
  EXPECT_EQ(vocabulary.corrections("tmielapze"), (std::vector<std::string>{"timelapse"}));
  EXPECT_TRUE(vocabulary.corrections("tmeilapze").empty()) << "three typos";
  EXPECT_EQ(vocabulary.documents("kitten"), 50);
  EXPECT_EQ(vocabulary.documents("dog"), 0);
}

TEST(SearchVocabulary, StopWordsAreHeldByMoreThanHalfOfALargeCatalogue) {
  SearchVocabulary vocabulary;
  vocabulary.replace({{"the", 6'000}, {"cat", 5'000}, {"kitten", 40}}, 10'000);
  EXPECT_TRUE(vocabulary.is_stop_word("the"));
  EXPECT_FALSE(vocabulary.is_stop_word("cat")) << "exactly half is not more than half";
  EXPECT_FALSE(vocabulary.is_stop_word("kitten"));
  vocabulary.replace({{"the", 6}, {"cat", 5}}, 10);
  EXPECT_FALSE(vocabulary.is_stop_word("the")) << "a small catalogue says nothing about its words";
}

TEST(SearchVocabulary, CompletesPrefixesMostCommonFirst) {
  SearchVocabulary vocabulary;
  vocabulary.replace({{"kitten", 50}, {"kittens", 20}, {"kitchen", 40}, {"kit", 40}, {"cat", 99}, {"kitten", 5}});
  auto completions = vocabulary.completions("kit", 3);
  ASSERT_EQ(completions.size(), 3u);
  EXPECT_EQ(completions[0].word, "kitten");
  EXPECT_EQ(completions[0].documents, 55) << "duplicates are summed";
  EXPECT_EQ(completions[1].word, "kit");
  EXPECT_EQ(completions[2].word, "kitchen");
  EXPECT_TRUE(vocabulary.completions("zz", 3).empty());
  EXPECT_EQ(vocabulary.size(), 5u);
}

TEST(SearchVocabulary, HoldsOnlyWhatAQueryCanHoldAsAWord) {
  // PostgreSQL's parser keeps URLs and addresses whole; none may come back as a completion.
  SearchVocabulary vocabulary;
  vocabulary.replace({{"zzyzx", 5}, {"zzyzx.com/a'(", 900}, {"zz@example.com", 900}, {"zzé2", 3}});
  std::vector<std::string> words;
  for (const auto& term : vocabulary.completions("zz", 10)) words.push_back(term.word);
  EXPECT_EQ(words, (std::vector<std::string>{"zzyzx", "zzé2"}));
  EXPECT_EQ(vocabulary.documents("zzyzx.com/a'("), 0);
}

}  // namespace
}  // namespace marquee::search
