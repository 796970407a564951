#include "events/InProcessEventBus.h"

namespace marquee::events {

InProcessEventBus::InProcessEventBus(std::string node_id) : node_id_(std::move(node_id)) {}

void InProcessEventBus::publish(Event event) {
  event.origin = node_id_;
  event.sequence = ++sequence_;
  encode_event(event);  // the same limits as a bus that sends it: a too-large event fails here too
  subscribers_.deliver(event);
}

}  // namespace marquee::events
