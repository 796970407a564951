#pragma once
// Runs the ranking refresh on a thread of its own: once right away, so a restarted server
// has fresh rankings without waiting an interval, then every interval until stopped. The
// wait is stretched to ten times the last refresh's duration when that is longer, so a slow
// refresh on a big database never takes more than a tenth of a core, and the thread runs at
// a lower priority (nice 10) so requests get the cores first. A refresh that throws is logged
// and tried again at the next tick.
#include <chrono>
#include <functional>
#include <thread>

namespace marquee::feeds {

class RefreshLoop {
 public:
  RefreshLoop(std::chrono::milliseconds interval, std::function<void()> refresh);
  ~RefreshLoop() { stop(); }
  RefreshLoop(const RefreshLoop&) = delete;
  RefreshLoop& operator=(const RefreshLoop&) = delete;

  // Starts the thread. Once per loop.
  void start();
  // Idempotent; waits for a refresh in progress to finish.
  void stop();

 private:
  // Constant after construction.
  const std::chrono::milliseconds interval_;
  const std::function<void()> refresh_;

  std::jthread thread_;
};

}  // namespace marquee::feeds
