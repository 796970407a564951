#pragma once
// Notices missed events: remembers the last sequence number seen from each other node and
// says when one skipped ahead. A node seen for the first time starts wherever it is.
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace marquee::events {

class SequenceTracker {
 public:
  // True when `sequence` is not the one expected after the last seen from `origin` (a gap,
  // or a restart of that node, whose numbers begin again); either way it is remembered.
  bool gap(const std::string& origin, std::uint64_t sequence);
  // Forget every origin (after a reconnect, when missing events is assumed anyway).
  void reset();

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::uint64_t> last_;  // guarded by mutex_
};

}  // namespace marquee::events
