// ExpiringCache::erase_prefix: one account's sessions go, every other entry stays, and a load
// that raced the erase is not stored.
#include <gtest/gtest.h>

#include "core/ExpiringCache.h"

namespace marquee {
namespace {

TEST(ExpiringCache, erase_prefix_drops_only_the_keys_it_names) {
  ManualClock clock(1'000);
  ExpiringCache<int> cache(clock, 60'000, 1'000);
  for (const char* key : {"alice\n1", "alice\n2", "alicia\n1", "bob\n1"}) {
    cache.put(key, std::make_shared<const int>(1), cache.epoch());
  }
  const auto before = cache.epoch();
  cache.erase_prefix("alice\n");
  EXPECT_FALSE(cache.get("alice\n1"));
  EXPECT_FALSE(cache.get("alice\n2"));
  EXPECT_TRUE(cache.get("alicia\n1"));
  EXPECT_TRUE(cache.get("bob\n1"));
  cache.put("alice\n1", std::make_shared<const int>(2), before);
  EXPECT_FALSE(cache.get("alice\n1")) << "a value loaded before the erase is not stored";
}

}  // namespace
}  // namespace marquee
