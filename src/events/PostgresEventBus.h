#pragma once
// The scale-out EventBus: PostgreSQL LISTEN/NOTIFY on the channel `marquee_events`, so
// every process on one database (API node or worker) sees every event. NOTIFY never rides
// in a feature's write transaction (a notifying commit takes a global lock): publish()
// queues the encoded event and a publisher thread sends whatever is queued in one
// statement of its own. A listener thread receives other nodes' events on its own
// connection, notices sequence gaps, and after a lost connection reconnects (100 ms
// doubling to 5 s) and calls the on_missed handlers.
//
// An event that cannot be sent (queue full, connection down, published while the bus is
// not started) is dropped and counted: the other nodes see the gap in this node's
// sequence and drop their caches. Node ids must be unique per process: a node skips every
// event that carries its own id. The listener's connection is named
// `marquee-bus-listen:<node id>` and the publisher's `marquee-bus-notify:<node id>` in
// pg_stat_activity. stop() must not be called from a handler.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "events/BusCounters.h"
#include "events/EventBus.h"

namespace marquee::events {

struct PostgresEventBusOptions {
  std::size_t queue_capacity = 10'000;  // encoded events waiting for the publisher thread
};

class PostgresEventBus final : public EventBus {
 public:
  // `database_url` is a libpq URL (postgresql://…). Connects nothing until start().
  PostgresEventBus(std::string database_url, std::string node_id, PostgresEventBusOptions options = {});
  ~PostgresEventBus() override;
  PostgresEventBus(const PostgresEventBus&) = delete;
  PostgresEventBus& operator=(const PostgresEventBus&) = delete;

  void publish(Event event) override;
  Subscription subscribe(std::string type, Handler handler) override;
  Subscription on_missed(std::function<void()> handler) override;
  // Starts both threads and returns once both are connected (the listener listening) or
  // their first attempts failed: they keep trying, and the listener calls the on_missed
  // handlers when it gets through. start() after stop() starts again.
  void start() override;
  // Sends what is still queued, giving up on it after half a second, and ends both threads.
  void stop() override;
  const std::string& node_id() const override;

  BusCounters counters() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace marquee::events
