#pragma once
// Waits for something another thread or process does: polls `condition` until it holds, or
// gives up after `patience` (generous: only a failing test waits that long). Never a fixed
// sleep in place of a condition.
#include <chrono>
#include <functional>
#include <thread>

namespace marquee::testing {

inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds patience = std::chrono::seconds(15)) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace marquee::testing
