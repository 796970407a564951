#pragma once
// Runs a task every `interval` on a thread of its own until stopped: the view flusher and
// the retention sweeper. A task that throws is logged and runs again at the next tick.
// stop() wakes the thread and joins it without running the task again; call the task once
// more yourself when a final run matters (the last view flush).
#include <chrono>
#include <functional>
#include <string>
#include <thread>

namespace marquee::views {

class PeriodicTask {
 public:
  PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> task);
  ~PeriodicTask() { stop(); }
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // Starts the thread; the first run comes after one interval. Once per task.
  void start();
  // Idempotent; returns once the thread has ended.
  void stop();

 private:
  // Constant after construction.
  const std::string name_;
  const std::chrono::milliseconds interval_;
  const std::function<void()> task_;

  std::jthread thread_;
};

}  // namespace marquee::views
