#pragma once
// At most one log line per interval for a problem that may recur thousands of times a
// second (a dead server behind every request): allow() says whether this one may be logged.
#include <chrono>
#include <mutex>

namespace marquee {

class LogThrottle {
 public:
  explicit LogThrottle(std::chrono::steady_clock::duration interval = std::chrono::seconds(10))
      : interval_(interval) {}

  bool allow() {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (now < next_) return false;
    next_ = now + interval_;
    return true;
  }

 private:
  const std::chrono::steady_clock::duration interval_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point next_{};  // guarded by mutex_
};

}  // namespace marquee
