#pragma once
// At most one send per key per window, and never a stale last word: the first offer of a
// window goes out at once; later offers within it replace one another, and the latest goes
// out when the window ends (due()), opening the next window. `like_update` uses one second
// per video, `video_status` half a second.
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/Clock.h"

namespace marquee::realtime {

template <typename Payload>
class Throttle {
 public:
  explicit Throttle(Millis window_ms) : window_ms_(window_ms) {}

  // True: send `payload` now. False: it is held until the window ends.
  bool offer(const std::string& key, Payload payload, Millis now) {
    std::lock_guard lock(mutex_);
    auto [it, fresh] = slots_.try_emplace(key);
    Slot& slot = it->second;
    if (fresh || now >= slot.window_start + window_ms_) {
      if (!slot.held) {
        slot.window_start = now;
        return true;
      }
    }
    slot.held = std::move(payload);
    return false;
  }

  // The held payloads whose window ended, each opening a new window; forgets idle keys.
  std::vector<std::pair<std::string, Payload>> due(Millis now) {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, Payload>> out;
    for (auto it = slots_.begin(); it != slots_.end();) {
      Slot& slot = it->second;
      bool ended = now >= slot.window_start + window_ms_;
      if (ended && slot.held) {
        out.emplace_back(it->first, std::move(*slot.held));
        slot.held.reset();
        slot.window_start = now;
        ++it;
      } else if (ended) {
        it = slots_.erase(it);
      } else {
        ++it;
      }
    }
    return out;
  }

 private:
  struct Slot {
    Millis window_start = 0;
    std::optional<Payload> held;
  };
  const Millis window_ms_;
  std::mutex mutex_;
  std::unordered_map<std::string, Slot> slots_;
};

}  // namespace marquee::realtime
