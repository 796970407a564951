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

TEST(FeedPageCache, an_expired_page_is_recomputed_by_one_reader_and_served_to_the_rest_meanwhile) {
  // A ttl of 1 s and steps well inside their windows, so a loaded machine changes nothing.
  FeedPageCache cache(milliseconds(1000));
  cache.put("home|-|", "old", cache.epoch());
  std::this_thread::sleep_for(milliseconds(1200));  // expired, inside the one-ttl grace
  EXPECT_FALSE(cache.get_fresh("home|-|"));          // the computing reader never takes it
  EXPECT_FALSE(cache.get("home|-|"));                // the first fast-path reader recomputes it
  EXPECT_EQ(cache.get("home|-|"), "old");            // the others keep the expired page meanwhile
  cache.put("home|-|", "new", cache.epoch());
  EXPECT_EQ(cache.get("home|-|"), "new");
  EXPECT_EQ(cache.get_fresh("home|-|"), "new");
}

TEST(FeedPageCache, an_expired_page_is_not_served_after_a_clear_or_past_one_more_ttl) {
  FeedPageCache cache(milliseconds(1000));
  cache.put("a", "1", cache.epoch());
  cache.put("b", "2", cache.epoch());
  std::this_thread::sleep_for(milliseconds(1200));
  EXPECT_FALSE(cache.get("a"));  // sent to recompute "a", which never comes back
  EXPECT_EQ(cache.get("a"), "1");
  EXPECT_FALSE(cache.get("b"));
  cache.clear();  // e.g. a video was made private: nothing of before may be served
  EXPECT_FALSE(cache.get("b"));
  cache.put("a", "1", cache.epoch());
  std::this_thread::sleep_for(milliseconds(1200));
  EXPECT_FALSE(cache.get("a"));
  std::this_thread::sleep_for(milliseconds(1000));  // past expiry + one ttl
  EXPECT_FALSE(cache.get("a"));
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
