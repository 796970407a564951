// VectorIndex: HNSW recall against exact search, updates, removals that free their slot, and
// filtered searches.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "recs/ContentVector.h"
#include "recs/VectorIndex.h"

namespace marquee::recs {
namespace {

constexpr std::size_t kDimensions = 64;

std::vector<float> unit(std::vector<float> v) {
  normalize(v);
  return v;
}

// Clustered like content vectors: a few hundred topics, each video near its topic's centre.
std::vector<std::vector<float>> clustered_vectors(std::size_t count, std::size_t dimensions, unsigned seed) {
  std::mt19937 random(seed);
  std::normal_distribution<float> normal;
  std::vector<std::vector<float>> centres(200, std::vector<float>(dimensions));
  for (auto& centre : centres) {
    for (auto& x : centre) x = normal(random);
  }
  std::vector<std::vector<float>> vectors;
  for (std::size_t i = 0; i < count; ++i) {
    const auto& centre = centres[random() % centres.size()];
    std::vector<float> v(dimensions);
    for (std::size_t d = 0; d < dimensions; ++d) v[d] = centre[d] + 0.8f * normal(random);
    vectors.push_back(unit(std::move(v)));
  }
  return vectors;
}

std::string id(std::size_t i) { return "video" + std::to_string(i); }

std::vector<std::string> ids_of(const std::vector<Neighbour>& neighbours) {
  std::vector<std::string> ids;
  for (const auto& n : neighbours) ids.push_back(n.video.video_id);
  return ids;
}

TEST(VectorIndex, recall_at_10_against_exact_search_is_at_least_0_95) {
  const auto vectors = clustered_vectors(4000, kContentDimensions, 7);
  VectorIndex index(kContentDimensions);
  std::vector<VectorItem> items;
  for (std::size_t i = 0; i < vectors.size(); ++i) items.push_back({{id(i), "owner", false, 0}, vectors[i]});
  index.put_all(std::move(items), 2);
  ASSERT_EQ(index.size(), vectors.size());

  std::size_t found = 0, wanted = 0;
  for (std::size_t q = 0; q < 200; ++q) {
    const auto& query = vectors[q * 17 % vectors.size()];
    std::vector<std::pair<float, std::size_t>> exact;
    for (std::size_t i = 0; i < vectors.size(); ++i) exact.emplace_back(-dot(query, vectors[i]), i);
    std::partial_sort(exact.begin(), exact.begin() + 10, exact.end());
    std::set<std::string> truth;
    for (std::size_t i = 0; i < 10; ++i) truth.insert(id(exact[i].second));
    for (const auto& got : ids_of(index.nearest(query, 10))) found += truth.count(got);
    wanted += 10;
  }
  const double recall = static_cast<double>(found) / static_cast<double>(wanted);
  EXPECT_GE(recall, 0.95);
}

TEST(VectorIndex, nearest_comes_most_similar_first) {
  VectorIndex index(3);
  index.put({"x", "o", false, 0}, unit({1, 0, 0}));
  index.put({"xy", "o", false, 0}, unit({1, 1, 0}));
  index.put({"y", "o", false, 0}, unit({0, 1, 0}));
  const auto found = index.nearest(unit({1, 0.1f, 0}), 3);
  EXPECT_EQ(ids_of(found), (std::vector<std::string>{"x", "xy", "y"}));
  EXPECT_NEAR(found[0].similarity, dot(unit({1, 0.1f, 0}), unit({1, 0, 0})), 1e-5);
}

TEST(VectorIndex, a_put_replaces_the_vector_and_facts_of_the_same_video) {
  VectorIndex index(2);
  index.put({"a", "o", false, 1}, unit({1, 0}));
  index.put({"b", "o", false, 2}, unit({0, 1}));
  index.put({"a", "p", true, 3}, unit({0, 1}));
  EXPECT_EQ(index.size(), 2u);
  EXPECT_EQ(index.video_of("a")->owner_id, "p");
  EXPECT_TRUE(index.video_of("a")->is_adult);
  EXPECT_EQ(*index.vector_of("a"), unit({0, 1}));
}

TEST(VectorIndex, removed_videos_are_never_found_and_their_slots_are_reused) {
  const auto vectors = clustered_vectors(300, kDimensions, 3);
  VectorIndex index(kDimensions, {}, 300);
  for (std::size_t i = 0; i < vectors.size(); ++i) index.put({id(i), "o", false, 0}, vectors[i]);
  const std::size_t memory = index.memory_bytes();
  for (std::size_t i = 0; i < 100; ++i) EXPECT_TRUE(index.remove(id(i)));
  EXPECT_FALSE(index.remove(id(0)));
  EXPECT_EQ(index.size(), 200u);
  for (std::size_t i = 0; i < 100; ++i) {
    for (const auto& found : ids_of(index.nearest(vectors[i], 10))) EXPECT_NE(found, id(i));
  }
  // New videos take the freed slots: the graph does not grow.
  for (std::size_t i = 0; i < 100; ++i) index.put({"new" + std::to_string(i), "o", false, 0}, vectors[i]);
  EXPECT_EQ(index.size(), 300u);
  EXPECT_LE(index.memory_bytes(), memory + 100 * 64);  // only the longer ids
  EXPECT_EQ(ids_of(index.nearest(vectors[5], 1)), std::vector<std::string>{"new5"});
}

TEST(VectorIndex, removing_an_owner_removes_all_of_their_videos) {
  VectorIndex index(2);
  index.put({"a1", "ann", false, 0}, unit({1, 0}));
  index.put({"a2", "ann", false, 0}, unit({1, 0.2f}));
  index.put({"b1", "bob", false, 0}, unit({1, 0.1f}));
  EXPECT_EQ(index.remove_owner("ann"), 2u);
  EXPECT_EQ(ids_of(index.nearest(unit({1, 0}), 5)), std::vector<std::string>{"b1"});
}

TEST(VectorIndex, a_filter_that_refuses_most_nearest_videos_still_fills_the_answer) {
  const auto vectors = clustered_vectors(2000, kDimensions, 11);
  VectorIndex index(kDimensions);
  for (std::size_t i = 0; i < vectors.size(); ++i) index.put({id(i), i % 20 == 0 ? "kept" : "refused", false, 0}, vectors[i]);
  const auto found = index.nearest(vectors[1], 10, [](const IndexedVideo& v) { return v.owner_id == "kept"; });
  ASSERT_EQ(found.size(), 10u);
  for (const auto& n : found) EXPECT_EQ(n.video.owner_id, "kept");
}

TEST(VectorIndex, similarities_are_exact_cosines_and_zero_for_unknown_videos) {
  VectorIndex index(2);
  index.put({"a", "o", false, 0}, unit({1, 0}));
  index.put({"b", "o", false, 0}, unit({1, 1}));
  const auto similarities = index.similarities(unit({1, 0}), {"b", "missing", "a"});
  ASSERT_EQ(similarities.size(), 3u);
  EXPECT_NEAR(similarities[0], std::sqrt(0.5f), 1e-6);
  EXPECT_EQ(similarities[1], 0.0f);
  EXPECT_NEAR(similarities[2], 1.0f, 1e-6);
}

}  // namespace
}  // namespace marquee::recs
