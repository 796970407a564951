#pragma once
// The EventBus over Redis pub/sub (hiredis): every process given the same Redis sees every
// event, on the channel `marquee:events`. Same contract and same wire form as the
// PostgreSQL bus (EventBus.h, Event.h): publish() stamps the event, delivers it here at once
// and queues it; a publisher thread sends what is queued as pipelined PUBLISH commands on
// its own connection, so a request thread never waits on Redis. A subscriber thread
// receives other nodes' events on a second connection, skips this node's echoes, notices
// gaps in another node's sequence, and pings Redis after a quiet spell so a frozen server or
// a dead link is noticed, not just a closed socket.
//
// Redis down: the API keeps working. An event that cannot be sent (Redis unreachable or too
// slow, queue full, bus stopped) is dropped and counted, never thrown at the publisher: its
// write already committed, and the other nodes see the gap in this node's sequence and drop
// their caches. When the subscriber loses Redis it calls the on_missed handlers at once
// (caches fall back to their ttls), keeps reconnecting (100 ms doubling to 5 s), and calls
// them again once it listens again. healthy() says whether both connections are up, for
// /api/ready. Redis pub/sub is not durable: what is published while a node is away is never
// delivered to it, which is what on_missed stands for.
//
// Node ids must be unique per process. The connections are named `marquee-bus-sub:<node>`
// and `marquee-bus-pub:<node>` in CLIENT LIST. stop() must not be called from a handler.
// Pub/sub channels are not per database: installations sharing one Redis need different
// channels, whatever the URL's database number.
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "events/BusCounters.h"
#include "events/EventBus.h"
#include "redis/RedisUrl.h"

namespace marquee::events {

struct RedisEventBusOptions {
  std::string channel = "marquee:events";
  std::size_t queue_capacity = 10'000;  // encoded events waiting for the publisher thread
  std::chrono::milliseconds connect_timeout{2'000};
  std::chrono::milliseconds command_timeout{2'000};  // a PUBLISH batch, a SUBSCRIBE, a PING's answer
  // The subscriber sends PING after this much silence; no answer within command_timeout means
  // the connection is lost.
  std::chrono::milliseconds health_check_interval{5'000};
};

class RedisEventBus final : public EventBus {
 public:
  // Connects nothing until start().
  RedisEventBus(redis::RedisUrl url, std::string node_id, RedisEventBusOptions options = {});
  ~RedisEventBus() override;
  RedisEventBus(const RedisEventBus&) = delete;
  RedisEventBus& operator=(const RedisEventBus&) = delete;

  // Never throws for Redis's sake (see above); throws Error(validation_failed) for an event
  // too large, as every bus does.
  void publish(Event event) override;
  Subscription subscribe(std::string type, Handler handler) override;
  Subscription on_missed(std::function<void()> handler) override;
  // Starts both threads and returns once both connected (the subscriber subscribed) or their
  // first attempts failed: they keep trying. start() after stop() starts again.
  void start() override;
  // Sends what is still queued, giving up on it after half a second, and ends both threads.
  void stop() override;
  const std::string& node_id() const override;

  BusCounters counters() const;
  // True while the subscriber is subscribed and the publisher's connection is up (its last
  // attempt to connect or send succeeded).
  bool healthy() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace marquee::events
