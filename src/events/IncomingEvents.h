#pragma once
// What a bus that spans processes does with a payload that arrived on its channel, shared by
// the PostgreSQL and Redis buses so they behave alike: skips this node's own echoes without
// parsing them, ignores (and counts) whatever is not an event, notices gaps in another node's
// sequence (then calls the on_missed handlers first), measures the lag, and delivers.
// Called on the bus thread only.
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/LogThrottle.h"
#include "events/SequenceTracker.h"
#include "events/SubscriberList.h"

namespace marquee::events {

class IncomingEvents {
 public:
  IncomingEvents(std::string node_id, SubscriberList& subscribers);

  void receive(std::string_view payload);
  // After a lost connection: whatever comes next starts each origin afresh.
  void forget_sequences() { tracker_.reset(); }

  std::uint64_t delivered() const { return delivered_.load(std::memory_order_relaxed); }
  std::uint64_t undecodable() const { return undecodable_.load(std::memory_order_relaxed); }
  std::int64_t last_lag_ms() const { return last_lag_ms_.load(std::memory_order_relaxed); }

 private:
  const std::string node_id_;
  const std::string own_origin_field_;  // `,"o":"<node id>","n":` as encode_event writes it
  SubscriberList& subscribers_;
  SequenceTracker tracker_;
  std::atomic<std::uint64_t> delivered_{0};
  std::atomic<std::uint64_t> undecodable_{0};
  std::atomic<std::int64_t> last_lag_ms_{0};
  LogThrottle undecodable_log_;
};

}  // namespace marquee::events
