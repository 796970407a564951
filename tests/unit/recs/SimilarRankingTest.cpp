// SimilarRanking and ViewerTaste on a catalogue with planted topics: same-topic videos come
// first with a high match, co-watch reorders, filters and finished videos hold.
#include <gtest/gtest.h>

#include "recs/ContentVector.h"
#include "recs/MatchScore.h"
#include "recs/SimilarRanking.h"
#include "recs/ViewerTaste.h"

namespace marquee::recs {
namespace {

struct Topic {
  std::string name;
  std::vector<std::string> tags;
  std::vector<std::string> words;
};

const std::vector<Topic> kTopics = {
    {"astronomy", {"space", "telescope", "nebula", "stars"}, {"galaxy", "orbit", "comet", "planet", "eclipse"}},
    {"baking", {"bread", "sourdough", "oven", "pastry"}, {"flour", "dough", "crust", "yeast", "butter"}},
    {"surfing", {"surf", "waves", "ocean", "board"}, {"swell", "reef", "barrel", "tide", "wetsuit"}},
};

struct Catalogue {
  std::unique_ptr<VectorIndex> index = std::make_unique<VectorIndex>(kContentDimensions);
  std::vector<std::string> ids;
  std::map<std::string, std::string> topic_of;
};

Catalogue planted(int per_topic) {
  Catalogue c;
  std::vector<VideoText> texts;
  for (int i = 0; i < per_topic; ++i) {
    for (const auto& topic : kTopics) {
      VideoText text;
      text.title = topic.words[i % 5] + " " + topic.words[(i + 2) % 5] + " video " + std::to_string(i);
      text.tags = {topic.tags[i % 4], topic.tags[(i + 1) % 4], "hd"};
      text.description = "All about " + topic.words[(i + 3) % 5] + ". Subscribe for more videos.";
      text.category = topic.name;
      text.channel = topic.name + "_channel" + std::to_string(i % 3);
      texts.push_back(text);
      c.ids.push_back(topic.name + std::to_string(i));
      c.topic_of[c.ids.back()] = topic.name;
    }
  }
  DocumentFrequencies frequencies;
  for (const auto& text : texts) frequencies.add(content_features(text));
  for (std::size_t i = 0; i < texts.size(); ++i) {
    c.index->put({c.ids[i], "owner_" + c.topic_of[c.ids[i]], false, static_cast<Millis>(i)},
                content_vector(content_features(texts[i]), frequencies));
  }
  return c;
}

TEST(SimilarRanking, same_topic_videos_come_first_with_a_high_match) {
  auto c = planted(12);
  for (const auto& source : {"astronomy3", "baking7", "surfing0"}) {
    const auto ranked = rank_similar(*c.index, {}, source, *c.index->vector_of(source), 10, {});
    ASSERT_EQ(ranked.size(), 10u) << source;
    for (const auto& r : ranked) {
      EXPECT_NE(r.video.video_id, source);
      EXPECT_EQ(c.topic_of[r.video.video_id], c.topic_of[source]) << source << " → " << r.video.video_id;
    }
    EXPECT_GE(match_percent(ranked.front().score), 70) << source;
  }
}

TEST(SimilarRanking, co_watch_lifts_a_video_the_same_viewers_finished) {
  auto c = planted(12);
  const std::string source = "baking1";
  const auto before = rank_similar(*c.index, {}, source, *c.index->vector_of(source), 10, {});
  const std::string lifted = before.back().video.video_id;  // the weakest of the first ten
  std::vector<WatchRecord> records;
  for (int u = 0; u < 20; ++u) {
    records.push_back({"u" + std::to_string(u), source, 1.0, 1});
    records.push_back({"u" + std::to_string(u), lifted, 1.0, 2});
  }
  const auto cowatch = CoWatchTable::compute(records);
  const auto after = rank_similar(*c.index, cowatch, source, *c.index->vector_of(source), 10, {});
  EXPECT_EQ(after.front().video.video_id, lifted);
  EXPECT_GT(after.front().cowatch, 0.9);
  EXPECT_GT(after.front().score, before.front().score);
  // Co-watch alone ranks only what was co-watched.
  const auto cowatch_only = rank_similar(*c.index, cowatch, source, *c.index->vector_of(source), 10, {}, Signals::cowatch);
  ASSERT_EQ(cowatch_only.size(), 1u);
  EXPECT_EQ(cowatch_only.front().video.video_id, lifted);
}

TEST(SimilarRanking, a_co_watched_video_outside_the_content_neighbours_still_comes) {
  auto c = planted(12);
  std::vector<WatchRecord> records;
  for (int u = 0; u < 8; ++u) {
    records.push_back({"u" + std::to_string(u), "surfing2", 1.0, 1});
    records.push_back({"u" + std::to_string(u), "astronomy5", 1.0, 2});
  }
  const auto ranked = rank_similar(*c.index, CoWatchTable::compute(records), "surfing2", *c.index->vector_of("surfing2"), 5, {});
  std::vector<std::string> ids;
  for (const auto& r : ranked) ids.push_back(r.video.video_id);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "astronomy5"), ids.end());
}

TEST(SimilarRanking, the_filter_and_the_source_are_respected) {
  auto c = planted(12);
  const auto ranked = rank_similar(*c.index, {}, "surfing4", *c.index->vector_of("surfing4"), 30,
                                   [](const IndexedVideo& v) { return v.video_id != "surfing5"; });
  for (const auto& r : ranked) {
    EXPECT_NE(r.video.video_id, "surfing4");
    EXPECT_NE(r.video.video_id, "surfing5");
  }
}

TEST(ViewerTaste, a_viewer_gets_their_topic_and_never_what_they_finished) {
  auto c = planted(12);
  const Millis now = 1'000'000'000;
  std::vector<ViewerWatch> history = {{"baking1", 1.0, now - 1000, true},
                                      {"baking2", 0.95, now - 2000, true},
                                      {"baking3", 0.4, now - 3000, false},
                                      {"surfing1", 0.05, now - 4000, false}};
  const auto taste = viewer_taste(history, *c.index, now);
  ASSERT_FALSE(taste.empty());
  const auto ranked = rank_for_viewer(taste, *c.index, {}, 8, {});
  ASSERT_GE(ranked.size(), 8u);
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(c.topic_of[ranked[i].video.video_id], "baking") << i;
    EXPECT_NE(ranked[i].video.video_id, "baking1");
    EXPECT_NE(ranked[i].video.video_id, "baking2");
  }
}

TEST(ViewerTaste, recent_watches_outweigh_old_ones) {
  auto c = planted(12);
  const Millis day = 24ll * 3600 * 1000;
  const Millis now = 1000 * day;
  std::vector<ViewerWatch> history = {{"surfing1", 1.0, now - 60 * day, true}, {"astronomy1", 1.0, now - day, true}};
  const auto taste = viewer_taste(history, *c.index, now);
  const auto ranked = rank_for_viewer(taste, *c.index, {}, 5, {});
  ASSERT_FALSE(ranked.empty());
  EXPECT_EQ(c.topic_of[ranked.front().video.video_id], "astronomy");
}

TEST(MatchScore, the_match_rises_with_the_score_and_under_fifty_has_no_label) {
  EXPECT_EQ(match_percent(0.0), 0);
  EXPECT_EQ(match_percent(blend_score(1.0, 0.0)), 80);  // words alone
  EXPECT_EQ(match_percent(blend_score(0.5, 0.0)), 63);
  EXPECT_EQ(match_percent(blend_score(0.0, 0.5)), 96);  // viewers' behaviour
  EXPECT_EQ(match_percent(1.0), 100);
  int previous = -1;
  for (double score = 0; score <= 1.0; score += 0.001) {
    EXPECT_GE(match_percent(score), previous);
    previous = match_percent(score);
  }
  EXPECT_EQ(match_label(50), "50% match");
  EXPECT_EQ(match_label(49), std::nullopt);
}

TEST(MatchScore, either_signal_ranks_and_both_rank_higher) {
  EXPECT_DOUBLE_EQ(blend_score(0.5, 0.0), 0.1);
  EXPECT_DOUBLE_EQ(blend_score(0.0, 0.5), 0.5);
  EXPECT_GT(blend_score(0.5, 0.5), blend_score(0.0, 0.5));
  EXPECT_GT(blend_score(0.3, 0.2), blend_score(0.3, 0.1));
  EXPECT_DOUBLE_EQ(blend_score(2.0, -1.0), blend_score(1.0, 0.0));  // clamped
}

}  // namespace
}  // namespace marquee::recs
