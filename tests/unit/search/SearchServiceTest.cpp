// SearchService on a catalogue big enough for stop words (10,000 listed videos in SQLite): a
// word most videos hold leaves matching when the other words exist, and stays when it is all
// there is.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/Clock.h"
#include "db/Database.h"
#include "db/Migrations.h"
#include "search/SearchService.h"
#include "support/TestDatabase.h"

namespace marquee::search {
namespace {

struct StopWords : ::testing::Test {
  std::string dir = marquee::testing::make_temp_dir("marquee-search");
  std::unique_ptr<db::Database> db = db::open_database("sqlite:" + dir + "/search.db", {2, 5000});
  ManualClock clock{1'800'000'000'000};
  std::unique_ptr<SearchService> search;

  StopWords() {
    db::run_migrations(*db);
    db->write([&](db::Connection& c) {
      c.exec("INSERT INTO users (id, email, username, username_key, password_hash, created_at, updated_at) "
             "VALUES ('u', 'u@example.com', 'owner', 'owner', 'x', 0, 0)");
      for (int i = 0; i < 10'000; ++i) {
        // "the" in 6 of 10 titles; "kitten" in every 1,000th, half of them without "the".
        std::string title = (i % 10 < 6 ? "the clip " : "a clip ") + std::to_string(i);
        if (i % 1000 == 0 || i % 1000 == 7) title += " kitten";
        c.exec("INSERT INTO videos (id, owner_id, title, visibility, status, created_at, updated_at) "
               "VALUES (?, 'u', ?, 'public', 'ready', ?, ?)",
               {"v" + std::to_string(i), title, std::int64_t{i}, std::int64_t{i}});
      }
    });
    search = std::make_unique<SearchService>(*db, clock, SearchOptions{{}, 30});
    search->refresh();
  }
  ~StopWords() override {
    search.reset();
    db.reset();
    std::filesystem::remove_all(dir);
  }

  SearchResults find(const std::string& q) {
    SearchRequest request;
    request.q = q;
    request.limit = 100;
    return search->search(std::nullopt, request);
  }
};

TEST_F(StopWords, AStopWordLeavesMatchingWhenTheOtherWordsExist) {
  auto results = find("the kitten ");
  EXPECT_EQ(results.ignored, std::vector<std::string>{"the"});
  EXPECT_EQ(results.items.size(), 20u) << "every kitten, with \"the\" or without";
}

TEST_F(StopWords, AQueryOfStopWordsOnlyKeepsThem) {
  auto results = find("the clip ");
  EXPECT_TRUE(results.ignored.empty()) << "\"clip\" is a stop word too: nothing else is left";
  EXPECT_EQ(results.items.size(), 100u);
  for (const auto& item : results.items) EXPECT_NE(item.video->title.find("the "), std::string::npos);
}

TEST_F(StopWords, AnUnknownWordKeepsTheStopWordsSoPartialMatchesRemain) {
  auto results = find("the zzqv ");
  EXPECT_TRUE(results.ignored.empty());
  ASSERT_FALSE(results.items.empty()) << "partial matches: the videos with \"the\"";
  EXPECT_TRUE(results.items.front().partial);
}

}  // namespace
}  // namespace marquee::search
