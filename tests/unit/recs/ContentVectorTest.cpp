// ContentVector: deterministic, unit length, and closer for videos about the same thing.
#include <gtest/gtest.h>

#include <cmath>

#include "recs/ContentVector.h"

namespace marquee::recs {
namespace {

std::vector<float> vector_of(const VideoText& text, const DocumentFrequencies& frequencies = {}) {
  return content_vector(content_features(text), frequencies);
}

const VideoText kJazz{"Late night jazz piano session", {"jazz", "piano", "live"}, "Standards on a grand piano.", "music", "ada"};
const VideoText kJazzToo{"Jazz piano: a quiet session", {"jazz", "piano"}, "More standards, same piano.", "music", "grace"};
const VideoText kRamen{"Ramen from scratch", {"cooking", "ramen", "recipe"}, "Broth, noodles and eggs.", "food", "linus"};

TEST(ContentVector, the_same_text_gives_the_same_vector_bit_for_bit) {
  EXPECT_EQ(vector_of(kJazz), vector_of(kJazz));
  DocumentFrequencies frequencies;
  for (const auto& text : {kJazz, kJazzToo, kRamen}) frequencies.add(content_features(text));
  EXPECT_EQ(vector_of(kJazz, frequencies), vector_of(kJazz, frequencies));
}

TEST(ContentVector, vectors_have_unit_length_and_the_fixed_dimensions) {
  const auto vector = vector_of(kJazz);
  ASSERT_EQ(vector.size(), kContentDimensions);
  EXPECT_NEAR(dot(vector, vector), 1.0f, 1e-5);
}

TEST(ContentVector, videos_about_the_same_thing_are_closer_than_unrelated_ones) {
  DocumentFrequencies frequencies;
  for (const auto& text : {kJazz, kJazzToo, kRamen}) frequencies.add(content_features(text));
  const auto jazz = vector_of(kJazz, frequencies);
  const auto jazz_too = vector_of(kJazzToo, frequencies);
  const auto ramen = vector_of(kRamen, frequencies);
  EXPECT_GT(dot(jazz, jazz_too), 0.5f);
  EXPECT_LT(std::abs(dot(jazz, ramen)), 0.2f);
  EXPECT_GT(dot(jazz, jazz_too), dot(jazz, ramen) + 0.4f);
}

TEST(ContentVector, case_and_accents_do_not_matter) {
  VideoText plain{"Amelie cafe", {"paris"}, "", "", ""};
  VideoText accented{"AMÉLIE Café", {"PARIS"}, "", "", ""};
  EXPECT_EQ(vector_of(plain), vector_of(accented));
}

TEST(ContentVector, a_shared_tag_counts_more_than_a_shared_description_word) {
  const VideoText source{"", {"volcano"}, "lava", "", ""};
  const VideoText same_tag{"", {"volcano"}, "", "", ""};
  const VideoText same_description_word{"", {}, "lava", "", ""};
  EXPECT_GT(dot(vector_of(source), vector_of(same_tag)), dot(vector_of(source), vector_of(same_description_word)));
}

TEST(ContentVector, rare_words_weigh_more_than_common_ones) {
  // "video" is in every title, "axolotl" in one: sharing the rare word is the stronger bond.
  DocumentFrequencies frequencies;
  std::vector<VideoText> catalogue;
  for (int i = 0; i < 50; ++i) catalogue.push_back({"video number " + std::to_string(i), {}, "", "", ""});
  catalogue.push_back({"axolotl video", {}, "", "", ""});
  for (const auto& text : catalogue) frequencies.add(content_features(text));
  const auto query = vector_of({"axolotl video", {}, "", "", ""}, frequencies);
  const auto rare = vector_of({"axolotl tank", {}, "", "", ""}, frequencies);
  const auto common = vector_of({"video tank", {}, "", "", ""}, frequencies);
  EXPECT_GT(dot(query, rare), dot(query, common));
}

TEST(ContentVector, a_video_without_text_is_the_zero_vector) {
  const auto vector = vector_of({});
  EXPECT_EQ(dot(vector, vector), 0.0f);
}

}  // namespace
}  // namespace marquee::recs
