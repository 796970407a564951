#include "realtime/Presence.h"

namespace marquee::realtime {

void Presence::remote(const std::string& video_id, const std::string& node, std::int64_t count, Millis now) {
  std::lock_guard lock(mutex_);
  if (count <= 0) {
    auto it = counts_.find(video_id);
    if (it == counts_.end()) return;
    it->second.erase(node);
    if (it->second.empty()) counts_.erase(it);
    return;
  }
  counts_[video_id][node] = {count, now};
}

std::int64_t Presence::remote_total(const std::string& video_id, Millis now) const {
  std::lock_guard lock(mutex_);
  auto it = counts_.find(video_id);
  if (it == counts_.end()) return 0;
  std::int64_t total = 0;
  for (const auto& [node, c] : it->second) {
    if (now - c.at < kPresenceExpiryMs) total += c.count;
  }
  return total;
}

void Presence::clear() {
  std::lock_guard lock(mutex_);
  counts_.clear();
}

}  // namespace marquee::realtime
