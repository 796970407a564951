// ContentIndex: a full build swaps in a new index with the catalogue's frequencies, and hands
// back what changed while it read the catalogue.
#include <gtest/gtest.h>

#include "recs/ContentIndex.h"

namespace marquee::recs {
namespace {

CatalogueEntry entry(const std::string& id, const std::string& owner, const std::string& title) {
  return {{id, owner, false, 0}, {title, {}, "", "", owner}};
}

TEST(ContentIndex, a_build_indexes_the_catalogue_and_replaces_what_was_there) {
  ContentIndex content({}, 2);
  content.put(entry("old", "ann", "something else"));
  EXPECT_FALSE(content.built());
  const std::vector<CatalogueEntry> catalogue = {entry("a", "ann", "red kite"), entry("b", "bob", "red fox"),
                                                 entry("c", "cat", "blue whale")};
  const auto changed = content.rebuild([&](const auto& visit) {
    for (const auto& e : catalogue) visit(e);
  });
  EXPECT_TRUE(changed.videos.empty());
  EXPECT_TRUE(content.built());
  EXPECT_EQ(content.built_size(), 3u);
  const auto index = content.index();
  EXPECT_EQ(index->size(), 3u);
  EXPECT_FALSE(index->video_of("old"));
  const auto nearest = index->nearest(content.vector_for({"red kite", {}, "", "", "ann"}), 1);
  ASSERT_EQ(nearest.size(), 1u);
  EXPECT_EQ(nearest[0].video.video_id, "a");
}

TEST(ContentIndex, changes_during_a_build_are_handed_back) {
  ContentIndex content({}, 1);
  int reads = 0;
  const auto changed = content.rebuild([&](const auto& visit) {
    visit(entry("a", "ann", "red kite"));
    if (++reads == 2) {  // while the vectors are read: the old index takes them, the caller replays them
      content.put(entry("late", "ann", "late upload"));
      content.remove("gone");
      content.remove_owner("eve");
    }
  });
  EXPECT_EQ(changed.videos, (std::vector<std::string>{"late", "gone"}));
  EXPECT_EQ(changed.owners, std::vector<std::string>{"eve"});
  EXPECT_FALSE(content.index()->video_of("late"));
  content.put(entry("late", "ann", "late upload"));
  EXPECT_TRUE(content.index()->video_of("late"));
  // Outside a build nothing is recorded.
  const auto next = content.rebuild([&](const auto& visit) { visit(entry("a", "ann", "red kite")); });
  EXPECT_TRUE(next.videos.empty());
}

}  // namespace
}  // namespace marquee::recs
