// The page cache: entries expire, a clear drops them all, and a page computed across a clear
// is not stored (it may list a video deleted meanwhile).
#include <gtest/gtest.h>

#include <thread>

#include "feeds/FeedPageCache.h"

namespace marquee::feeds {
namespace {

using std::chrono::milliseconds;

TEST(FeedPageCache, answers_what_was_stored_until_it_expires) {
  FeedPageCache cache(milliseconds(50));
  cache.put("trending|-|", "page", cache.epoch());
  EXPECT_EQ(cache.get("trending|-|"), "page");
  EXPECT_FALSE(cache.get("trending|adult|"));
  std::this_thread::sleep_for(milliseconds(80));
  EXPECT_FALSE(cache.get("trending|-|"));
}

TEST(FeedPageCache, clear_drops_every_page_and_refuses_pages_computed_before_it) {
  FeedPageCache cache(milliseconds(10'000));
  const auto before = cache.epoch();
  cache.put("a", "1", before);
  cache.clear();
  EXPECT_FALSE(cache.get("a"));
  cache.put("b", "2", before);
  EXPECT_FALSE(cache.get("b"));
  cache.put("b", "3", cache.epoch());
  EXPECT_EQ(cache.get("b"), "3");
}

TEST(FeedPageCache, zero_ttl_disables_it) {
  FeedPageCache cache(milliseconds(0));
  EXPECT_FALSE(cache.enabled());
  cache.put("a", "1", cache.epoch());
  EXPECT_FALSE(cache.get("a"));
}

TEST(FeedPageCache, stays_within_its_capacity) {
  FeedPageCache cache(milliseconds(10'000), 3);
  for (int i = 0; i < 10; ++i) cache.put("k" + std::to_string(i), "v", cache.epoch());
  int held = 0;
  for (int i = 0; i < 10; ++i) held += cache.get("k" + std::to_string(i)).has_value();
  EXPECT_LE(held, 3);
  EXPECT_TRUE(cache.get("k9"));
}

}  // namespace
}  // namespace marquee::feeds
