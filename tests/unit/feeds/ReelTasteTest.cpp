// TagProfile: a viewer's taste and the weighted Jaccard match of a video's tags.
#include <gtest/gtest.h>

#include "feeds/TagMatcher.h"
#include "feeds/TagProfile.h"

namespace marquee::feeds {
namespace {

TEST(ReelTaste, match_is_weighted_jaccard_against_the_normalized_profile) {
  TagProfile profile({{"cats", 4}, {"dogs", 2}});
  // shared: cats (1.0); union: cats 1 + funny 1 + dogs 0.5.
  EXPECT_DOUBLE_EQ(profile.match({"cats", "funny"}), 1.0 / 2.5);
  EXPECT_DOUBLE_EQ(profile.match({"cats", "dogs"}), 1.5 / 2.0);
  EXPECT_DOUBLE_EQ(profile.match({"cooking"}), 0.0);
}

TEST(ReelTaste, a_video_with_exactly_the_profile_matches_fully_only_when_weights_are_equal) {
  EXPECT_DOUBLE_EQ(TagProfile({{"a", 3}, {"b", 3}}).match({"a", "b"}), 1.0);
  EXPECT_LT(TagProfile({{"a", 3}, {"b", 1}}).match({"a", "b"}), 1.0);
}

TEST(ReelTaste, empty_profile_or_tags_match_nothing) {
  EXPECT_DOUBLE_EQ(TagProfile().match({"cats"}), 0.0);
  EXPECT_DOUBLE_EQ(TagProfile({{"cats", 1}}).match({}), 0.0);
}

TEST(ReelTaste, duplicate_video_tags_count_once) {
  TagProfile profile({{"cats", 1}});
  EXPECT_DOUBLE_EQ(profile.match({"cats", "cats"}), profile.match({"cats"}));
}

TEST(ReelTaste, profile_adds_occurrences_with_their_weight) {
  TagProfile profile;
  profile.add({"cats", "funny"}, 1);
  profile.add({"cats"}, 2);
  profile.finish();
  ASSERT_EQ(profile.weights().size(), 2u);
  EXPECT_EQ(profile.weights()[0], (std::pair<std::string, int>{"cats", 3}));
  EXPECT_EQ(profile.weights()[1], (std::pair<std::string, int>{"funny", 1}));
}

TEST(ReelTaste, profile_keeps_the_heaviest_sixteen_tags) {
  TagProfile profile;
  for (int i = 0; i < 40; ++i) {
    std::vector<std::string> tags;
    for (int j = 0; j <= i % 20; ++j) tags.push_back("t" + std::to_string(j));
    profile.add(tags, 1);
  }
  profile.finish();
  ASSERT_EQ(profile.weights().size(), kMaxProfileTags);
  for (const auto& [tag, weight] : profile.weights()) EXPECT_GE(weight, 10) << tag;
}

TEST(ReelTaste, matcher_over_tag_numbers_gives_the_profiles_match) {
  TagProfile profile({{"cats", 4}, {"dogs", 2}, {"unseen", 1}});
  TagDictionary dictionary;
  const std::vector<std::vector<std::string>> videos = {
      {"cats", "funny"}, {"cats", "dogs"}, {"cooking"}, {"dogs", "dogs", "cats", "recipe"}, {}};
  std::vector<std::vector<std::uint32_t>> numbered;
  for (const auto& tags : videos) numbered.push_back(dictionary.intern_all(tags));
  TagMatcher matcher(profile, dictionary);
  for (std::size_t i = 0; i < videos.size(); ++i) {
    EXPECT_DOUBLE_EQ(matcher.match(numbered[i]), profile.match(videos[i])) << i;
  }
  EXPECT_DOUBLE_EQ(TagMatcher(TagProfile(), dictionary).match(numbered[0]), 0.0);
}

}  // namespace
}  // namespace marquee::feeds
