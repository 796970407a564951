#include "events/OutgoingEvents.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace marquee::events {

OutgoingEvents::OutgoingEvents(std::string node_id, std::size_t capacity)
    : node_id_(std::move(node_id)), capacity_(capacity) {}

void OutgoingEvents::stamp_and_queue(Event& event) {
  event.origin = node_id_;
  event.published_at_ms = wall_clock_ms();
  // Stamping and queueing under one lock puts events on the wire in sequence order. The bus
  // queues an event before it delivers it locally, so one a handler publishes follows it.
  std::lock_guard lock(mutex_);
  event.sequence = sequence_ + 1;
  std::string payload = encode_event(event);  // throws before the event takes a number
  sequence_ = event.sequence;
  if (!open_) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
  } else if (queue_.size() >= capacity_) {
    dropped(1, "the send queue is full");
  } else {
    queue_.push_back(std::move(payload));
    changed_.notify_one();
  }
}

void OutgoingEvents::open() {
  std::lock_guard lock(mutex_);
  open_ = true;
}

void OutgoingEvents::close() {
  {
    std::lock_guard lock(mutex_);
    open_ = false;
    closed_at_ = std::chrono::steady_clock::now();
  }
  changed_.notify_all();
}

OutgoingEvents::Batch OutgoingEvents::take(std::size_t max, std::optional<std::chrono::steady_clock::time_point> wake_by,
                                           std::chrono::steady_clock::duration linger) {
  std::unique_lock lock(mutex_);
  auto ready = [this] { return !queue_.empty() || !open_; };
  if (wake_by) {
    changed_.wait_until(lock, *wake_by, ready);
  } else {
    changed_.wait(lock, ready);
  }
  if (linger > std::chrono::steady_clock::duration::zero() && open_ && queue_.size() < max) {
    changed_.wait_for(lock, linger, [&] { return queue_.size() >= max || !open_; });
  }
  Batch batch;
  batch.closing = !open_;
  batch.closed_at = closed_at_;
  const auto take = static_cast<std::ptrdiff_t>(std::min(queue_.size(), max));
  batch.payloads.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.begin() + take));
  queue_.erase(queue_.begin(), queue_.begin() + take);
  return batch;
}

void OutgoingEvents::dropped(std::size_t count, const std::string& why) {
  const auto total = dropped_.fetch_add(count, std::memory_order_relaxed) + count;
  if (drop_log_.allow()) {
    spdlog::warn("event bus {}: {} event(s) not sent to other nodes ({}); {} dropped so far, other nodes will "
                 "notice the gap",
                 node_id_, count, why, total);
  }
}

}  // namespace marquee::events
