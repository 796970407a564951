// The search box's language: words, phrases, exclusions, the prefix on the last word, folding,
// and what hostile text reads as; and the match expressions each engine receives.
#include <gtest/gtest.h>

#include "search/MatchExpression.h"
#include "search/SearchQuery.h"
#include "search/SearchText.h"

namespace marquee::search {
namespace {

TEST(SearchText, FoldsCaseDiacriticsAndWidth) {
  EXPECT_EQ(fold("Amélie"), "amelie");
  EXPECT_EQ(fold("AMÉLIE"), "amelie");
  EXPECT_EQ(fold("Ame\xCC\x81lie"), "amelie") << "a combining accent";
  EXPECT_EQ(fold("ＡＭＥＬＩＥ"), "amelie") << "full-width letters";
  EXPECT_EQ(fold("Straße"), "strasse");
  EXPECT_EQ(fold("\xFF"), "") << "invalid UTF-8 folds to nothing";
  EXPECT_EQ(words("Hip-hop, o'Neil & Crème brûlée!"),
            (std::vector<std::string>{"hip", "hop", "o", "neil", "creme", "brulee"}));
  EXPECT_EQ(words("東京 タワー"), (std::vector<std::string>{"東京", "タワー"}));
  EXPECT_EQ(words(std::string(100, 'a')).front().size(), kMaxWordBytes);
}

TEST(SearchQuery, ReadsWordsPhrasesAndExclusions) {
  auto q = parse_query("Red \"big fox\" -arctic -\"snow storm\" jum");
  ASSERT_EQ(q.required.size(), 3u);
  EXPECT_EQ(q.required[0].words, std::vector<std::string>{"red"});
  EXPECT_TRUE(q.required[1].phrase);
  EXPECT_EQ(q.required[1].words, (std::vector<std::string>{"big", "fox"}));
  EXPECT_TRUE(q.required[2].prefix) << "the word being typed";
  EXPECT_FALSE(q.required[0].prefix);
  ASSERT_EQ(q.excluded.size(), 2u);
  EXPECT_EQ(q.excluded[1].words, (std::vector<std::string>{"snow", "storm"}));
  EXPECT_EQ(q.normalized, "red big fox jum");
}

TEST(SearchQuery, TheLastWordIsAPrefixOnlyWhileTyped) {
  EXPECT_TRUE(parse_query("harbour tim").required.back().prefix);
  EXPECT_FALSE(parse_query("harbour tim ").required.back().prefix) << "a space ends the word";
  EXPECT_FALSE(parse_query("harbour t").required.back().prefix) << "one letter would match too much";
  EXPECT_FALSE(parse_query("\"harbour tim\"").required.back().prefix) << "a phrase is exact";
  EXPECT_FALSE(parse_query("hip-ho").required.back().prefix) << "a chunk of several words is a phrase";
}

TEST(SearchQuery, HostileTextReadsAsWordsOrNothing) {
  EXPECT_TRUE(parse_query("").empty());
  EXPECT_TRUE(parse_query("!!! ??? ***").empty());
  EXPECT_TRUE(parse_query("\"").empty());
  EXPECT_TRUE(parse_query("- -- ---").empty());
  EXPECT_TRUE(parse_query("\xC3\x28 \xFF").empty()) << "invalid UTF-8 is ignored whole";
  auto q = parse_query("\"unbalanced phrase");
  ASSERT_EQ(q.required.size(), 1u);
  EXPECT_TRUE(q.required[0].phrase);
  q = parse_query("NEAR(a b) title:x AND OR");
  for (const auto& term : q.required) {
    for (const auto& word : term.words) {
      for (char c : word) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << word;
    }
  }
  std::string many;
  for (int i = 0; i < 40; ++i) many += "w" + std::to_string(i) + " ";
  EXPECT_EQ(parse_query(many).required.size(), kMaxQueryTerms);
}

TEST(MatchExpression, SpeaksEachEnginesSyntax) {
  auto q = parse_query("kitten \"red fox\" -arctic harb");
  q.required[0].corrections = {"kittens"};
  EXPECT_EQ(fts5_expression(q, MatchMode::all), "(((\"kitten\" OR \"kittens\") AND \"red fox\" AND (\"harb\"*)) NOT (\"arctic\"))");
  EXPECT_EQ(fts5_expression(q, MatchMode::any), "(((\"kitten\" OR \"kittens\") OR \"red fox\" OR (\"harb\"*)) NOT (\"arctic\"))");
  EXPECT_EQ(tsquery_expression(q, MatchMode::all),
            "(('kitten' | 'kittens') & ('red' <-> 'fox') & ('harb':*)) & !('arctic')");
  EXPECT_EQ(tsquery_expression(q, MatchMode::any),
            "(('kitten' | 'kittens') | ('red' <-> 'fox') | ('harb':*)) & !('arctic')");
  // A prefix matched as its completions.
  q.required[2].completions = {"harbour", "harbor"};
  EXPECT_EQ(tsquery_expression(q, MatchMode::all),
            "(('kitten' | 'kittens') & ('red' <-> 'fox') & ('harbour' | 'harbor')) & !('arctic')");
  EXPECT_EQ(fts5_expression(q, MatchMode::all),
            "(((\"kitten\" OR \"kittens\") AND \"red fox\" AND (\"harbour\" OR \"harbor\")) NOT (\"arctic\"))");
}

TEST(MatchExpression, QuotesWhateverAWordHolds) {
  // Words come from SearchText and the vocabulary, letters and digits only; quoting holds even so.
  auto q = parse_query("harb");
  q.required[0].completions = {"a'(b", "c\\d", "e\"f"};
  EXPECT_EQ(tsquery_expression(q, MatchMode::all), "(('a''(b' | 'c\\\\d' | 'e\"f'))");
  EXPECT_EQ(fts5_expression(q, MatchMode::all), "((\"a'(b\" OR \"c\\d\" OR \"e\"\"f\"))");
}

}  // namespace
}  // namespace marquee::search
