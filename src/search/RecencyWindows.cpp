#include "search/RecencyWindows.h"

#include <algorithm>

namespace marquee::search {

namespace {
constexpr std::int64_t kSmallestWindow = 2'048;
}  // namespace

std::vector<std::int64_t> RecencyWindows::sizes_for(std::int64_t indexed) {
  std::vector<std::int64_t> sizes;
  for (std::int64_t k = kSmallestWindow; k <= indexed / 4; k = k * 3 / 2) sizes.push_back(k);
  return sizes;
}

void RecencyWindows::replace(std::vector<RecencyWindow> windows) {
  std::sort(windows.begin(), windows.end(), [](const auto& a, const auto& b) { return a.videos < b.videos; });
  auto next = std::make_shared<const std::vector<RecencyWindow>>(std::move(windows));
  std::lock_guard lock(mutex_);
  windows_ = std::move(next);
}

std::optional<Millis> RecencyWindows::since_for(std::int64_t videos) const {
  std::shared_ptr<const std::vector<RecencyWindow>> windows;
  {
    std::lock_guard lock(mutex_);
    windows = windows_;
  }
  for (const auto& window : *windows) {
    if (window.videos >= videos) return window.since;
  }
  return std::nullopt;
}

}  // namespace marquee::search
