#include "events/InProcessEventBus.h"

namespace marquee::events {

InProcessEventBus::InProcessEventBus(std::string node_id) : node_id_(std::move(node_id)) {}

void InProcessEventBus::publish(Event event) {
  event.origin = node_id_;
  {
    // The same limits as a bus that sends it: a too-large event fails here too, and a
    // refused event takes no sequence number.
    std::lock_guard lock(sequence_mutex_);
    event.sequence = sequence_ + 1;
    encode_event(event);
    sequence_ = event.sequence;
  }
  subscribers_.deliver(event);
}

}  // namespace marquee::events
