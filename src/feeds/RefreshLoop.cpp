#include "feeds/RefreshLoop.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace marquee::feeds {
namespace {

// The wait after a refresh is at least this many times its duration.
constexpr int kMaxBusyShare = 10;
constexpr int kNiceness = 10;

}  // namespace

RefreshLoop::RefreshLoop(std::chrono::milliseconds interval, std::function<void()> refresh)
    : interval_(interval), refresh_(std::move(refresh)) {}

void RefreshLoop::start() {
  thread_ = std::jthread([this](std::stop_token stop) {
    // Background work: requests get the cores first when they are busy.
    setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), kNiceness);
    std::mutex mutex;
    std::condition_variable_any wake;
    while (!stop.stop_requested()) {
      const auto started = std::chrono::steady_clock::now();
      try {
        refresh_();
      } catch (const std::exception& e) {
        spdlog::warn("feed ranking refresh failed: {}", e.what());
      }
      const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
      spdlog::debug("feed rankings refreshed in {} ms", took.count());
      std::unique_lock lock(mutex);
      wake.wait_for(lock, stop, std::max(interval_, kMaxBusyShare * took), [] { return false; });
    }
  });
}

void RefreshLoop::stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  thread_.join();
}

}  // namespace marquee::feeds
