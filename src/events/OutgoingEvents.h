#pragma once
// What a bus that spans processes does with the events this node publishes, shared by the
// PostgreSQL and Redis buses so they behave alike (IncomingEvents is the other half): stamps
// each with the node id, the publish time and the next sequence number, encodes it and
// queues it for the bus's publisher thread — or counts it dropped while the bus is not
// started or the queue is full, which the other nodes then see as a gap. publish() never
// waits on the network. The publisher thread takes batches and reports what it sent or
// dropped; after close() it drains what is left within the bus's grace period.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/Clock.h"
#include "core/LogThrottle.h"
#include "events/Event.h"

namespace marquee::events {

class OutgoingEvents {
 public:
  OutgoingEvents(std::string node_id, std::size_t capacity);

  // Stamps `event` and queues it (see above). Throws Error(validation_failed) for an event
  // too large to send, before it takes a sequence number.
  void stamp_and_queue(Event& event);

  void open();   // the bus started: queue from now on
  void close();  // the bus stops: queue no more, and wake the publisher to drain

  struct Batch {
    std::vector<std::string> payloads;
    bool closing = false;                  // close() was called: send within the grace or drop
    std::chrono::steady_clock::time_point closed_at{};   // when
  };
  // Waits until something is queued or the queue closes, or until `wake_by` when given (a
  // publisher without a connection wakes to retry it); when `linger` is not zero, then waits
  // up to `linger` for a fuller batch. Takes up to `max` payloads.
  Batch take(std::size_t max, std::optional<std::chrono::steady_clock::time_point> wake_by,
             std::chrono::steady_clock::duration linger = std::chrono::steady_clock::duration::zero());

  void sent(std::size_t count) { sent_.fetch_add(count, std::memory_order_relaxed); }
  // Counts them and logs why (throttled).
  void dropped(std::size_t count, const std::string& why);

  std::uint64_t sent_count() const { return sent_.load(std::memory_order_relaxed); }
  std::uint64_t dropped_count() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  const std::string node_id_;
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::uint64_t sequence_ = 0;           // guarded by mutex_
  std::deque<std::string> queue_;        // guarded by mutex_; encoded events to send
  bool open_ = false;                    // guarded by mutex_
  std::chrono::steady_clock::time_point closed_at_{};  // guarded by mutex_
  std::atomic<std::uint64_t> sent_{0};
  std::atomic<std::uint64_t> dropped_{0};
  LogThrottle drop_log_;
};

}  // namespace marquee::events
