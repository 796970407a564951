#pragma once
// What a bus that spans processes (PostgreSQL, Redis) reports about its traffic; the
// metrics endpoint shows them as marquee_events_* gauges.
#include <cstdint>

namespace marquee::events {

struct BusCounters {
  std::uint64_t published = 0;         // events this node sent to the server
  std::uint64_t delivered_remote = 0;  // other nodes' events delivered to this node's subscribers
  std::uint64_t dropped = 0;           // events this node published but did not send
  std::uint64_t reconnects = 0;        // times the listener came back after a lost or failed connection
  std::uint64_t undecodable = 0;       // payloads on the channel that were not events (ignored)
  std::int64_t last_lag_ms = 0;        // the last remote event: received minus published (wall clocks)
};

}  // namespace marquee::events
