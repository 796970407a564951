#include "core/SharedSpinLock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <vector>

namespace marquee {
namespace {

// Writers move two plain counters together; a reader that ever saw them apart, or a lost
// increment, means the lock let a writer in beside someone.
TEST(SharedSpinLock, WritersAreAloneAndReadersNeverSeeAHalfWrite) {
  SharedSpinLock lock;
  long first = 0;
  long second = 0;
  std::atomic<long> torn{0};
  std::atomic<long> reads{0};
  std::atomic<bool> writing{true};
  constexpr int kWriters = 3;
  constexpr int kWrites = 20'000;
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&] {
      for (int i = 0; i < kWrites; ++i) {
        std::unique_lock guard(lock);
        ++first;
        ++second;
      }
    });
  }
  for (int r = 0; r < 3; ++r) {
    threads.emplace_back([&] {
      while (writing.load()) {
        std::shared_lock guard(lock);
        if (first != second) ++torn;
        ++reads;
      }
    });
  }
  for (int w = 0; w < kWriters; ++w) threads[w].join();
  writing = false;
  for (std::size_t t = kWriters; t < threads.size(); ++t) threads[t].join();
  EXPECT_EQ(first, kWriters * kWrites);
  EXPECT_EQ(second, kWriters * kWrites);
  EXPECT_EQ(torn.load(), 0);
  EXPECT_GT(reads.load(), 0);
}

TEST(SharedSpinLock, ReadersShareIt) {
  SharedSpinLock lock;
  std::shared_lock first(lock);
  std::atomic<bool> second_entered{false};
  std::thread reader([&] {
    std::shared_lock second(lock);  // would wait forever if readers excluded each other
    second_entered = true;
  });
  reader.join();
  EXPECT_TRUE(second_entered.load());
}

}  // namespace
}  // namespace marquee
