#pragma once
// Domain events between features and between nodes. A feature publishes a fact after its
// transaction commits; features that care subscribe to its type. No feature calls another to
// tell it something happened, and app/ wires no callbacks between features.
//
// Delivery: to this node's subscribers at once, on the publisher's thread, before publish()
// returns (so a node reads its own writes: its caches are dropped before the response goes
// out); to every other node's subscribers on that node's bus thread, soon after. A node never
// receives its own events twice. Handlers must be quick and must not throw (a throw is
// logged); they may publish.
//
// Missed events: when a node may have missed events from another (its bus connection
// dropped, or an origin's sequence skipped), it calls the `on_missed` handlers, which drop
// every cache that other nodes' changes would have invalidated. TTLs stay as the safety net.
//
// Implementations: InProcessEventBus (one process: the embedded default) and
// PostgresEventBus (LISTEN/NOTIFY: every process on one database). One conformance suite
// runs against both.
#include <functional>
#include <string>

#include "events/Event.h"
#include "events/Subscription.h"

namespace marquee::events {

class EventBus {
 public:
  using Handler = std::function<void(const Event&)>;

  virtual ~EventBus() = default;

  // Stamps the event with this node's id and next sequence number and delivers it. Call it
  // after the change committed. Throws Error(validation_failed) for an event too large to send.
  virtual void publish(Event event) = 0;
  // `type` is an exact event type. The handler is called while the Subscription lives.
  [[nodiscard]] virtual Subscription subscribe(std::string type, Handler handler) = 0;
  // Called (on the bus thread) when events from other nodes may have been missed.
  [[nodiscard]] virtual Subscription on_missed(std::function<void()> handler) = 0;

  // Begins receiving other nodes' events; stop() ends it (idempotent). Local delivery works
  // before start().
  virtual void start() {}
  virtual void stop() {}

  virtual const std::string& node_id() const = 0;
};

}  // namespace marquee::events
