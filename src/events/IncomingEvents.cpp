#include "events/IncomingEvents.h"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "core/Clock.h"

namespace marquee::events {

IncomingEvents::IncomingEvents(std::string node_id, SubscriberList& subscribers)
    : node_id_(std::move(node_id)),
      own_origin_field_(",\"o\":" + boost::json::serialize(boost::json::value(node_id_)) + ",\"n\":"),
      subscribers_(subscribers) {}

void IncomingEvents::receive(std::string_view payload) {
  // This node's own events come back too: recognised without parsing them, by the origin
  // field as encode_event writes it (after the subject, whose quotes are escaped).
  if (payload.find(own_origin_field_) != std::string_view::npos) return;
  std::optional<Event> event = decode_event(payload);
  if (!event) {
    undecodable_.fetch_add(1, std::memory_order_relaxed);
    if (undecodable_log_.allow()) spdlog::warn("event bus {}: ignored a payload that is not an event", node_id_);
    return;
  }
  if (event->origin == node_id_) return;
  if (tracker_.gap(event->origin, event->sequence)) {
    spdlog::info("event bus {}: events from {} were missed (sequence {}); dropping caches", node_id_, event->origin,
                 event->sequence);
    subscribers_.missed();
  }
  if (event->published_at_ms > 0) {
    last_lag_ms_.store(std::max<std::int64_t>(0, wall_clock_ms() - event->published_at_ms), std::memory_order_relaxed);
  }
  subscribers_.deliver(*event);
  delivered_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace marquee::events
