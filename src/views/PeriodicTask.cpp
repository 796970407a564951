#include "views/PeriodicTask.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>

namespace marquee::views {

PeriodicTask::PeriodicTask(std::string name, std::chrono::milliseconds interval, std::function<void()> task)
    : name_(std::move(name)), interval_(interval), task_(std::move(task)) {}

void PeriodicTask::start() {
  thread_ = std::jthread([this](std::stop_token stop) {
    std::mutex mutex;
    std::condition_variable_any wake;
    for (;;) {
      {
        std::unique_lock lock(mutex);
        wake.wait_for(lock, stop, interval_, [] { return false; });
        if (stop.stop_requested()) return;
      }
      try {
        task_();
      } catch (const std::exception& e) {
        spdlog::warn("{} failed: {}", name_, e.what());
      }
    }
  });
}

void PeriodicTask::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
}

}  // namespace marquee::views
