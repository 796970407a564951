#pragma once
// A reader-writer lock for critical sections of a few hundred instructions that are read far
// more often than written: the rate limiter's shards (limits/InProcessRateLimiter.h), taken
// on every request. A reader enters with one atomic add and leaves with one subtraction
// (a pthread rwlock costs about 60 instructions a pair). A writer first takes the writer bit,
// which turns new readers away, then waits for the readers inside to leave, so a steady
// stream of readers cannot starve it. Readers turned away sleep (std::atomic::wait, a futex)
// until the writer leaves, since a writer may hold it a while (a sweep of a shard); a writer
// waiting for readers yields, as readers hold it for a few hundred instructions.
// Works with std::shared_lock and std::unique_lock.
#include <atomic>
#include <cstdint>
#include <thread>

namespace marquee {

class SharedSpinLock {
 public:
  void lock_shared() noexcept {
    while (state_.fetch_add(kReader, std::memory_order_acquire) & kWriter) {
      state_.fetch_sub(kReader, std::memory_order_relaxed);  // a writer holds it or waits: step back
      for (std::uint32_t seen = state_.load(std::memory_order_relaxed); seen & kWriter;
           seen = state_.load(std::memory_order_relaxed)) {
        state_.wait(seen, std::memory_order_relaxed);
      }
    }
  }
  void unlock_shared() noexcept { state_.fetch_sub(kReader, std::memory_order_release); }

  void lock() noexcept {
    std::uint32_t seen = state_.load(std::memory_order_relaxed);
    while ((seen & kWriter) || !state_.compare_exchange_weak(seen, seen | kWriter, std::memory_order_acquire)) {
      if (seen & kWriter) {
        std::this_thread::yield();
        seen = state_.load(std::memory_order_relaxed);
      }
    }
    while (state_.load(std::memory_order_acquire) != kWriter) std::this_thread::yield();
  }
  void unlock() noexcept {
    state_.fetch_and(~kWriter, std::memory_order_release);
    state_.notify_all();  // readers asleep in lock_shared (no system call when none is)
  }

 private:
  static constexpr std::uint32_t kWriter = 1;
  static constexpr std::uint32_t kReader = 2;
  std::atomic<std::uint32_t> state_{0};
};

}  // namespace marquee
