#pragma once
// The embedded default EventBus: one process, every event delivered at once on the
// publisher's thread. Nothing is ever missed, so on_missed handlers never run.
#include <cstdint>
#include <mutex>
#include <string>

#include "events/EventBus.h"
#include "events/SubscriberList.h"

namespace marquee::events {

class InProcessEventBus final : public EventBus {
 public:
  explicit InProcessEventBus(std::string node_id);

  void publish(Event event) override;
  Subscription subscribe(std::string type, Handler handler) override {
    return subscribers_.add(std::move(type), std::move(handler));
  }
  Subscription on_missed(std::function<void()> handler) override { return subscribers_.add_missed(std::move(handler)); }
  const std::string& node_id() const override { return node_id_; }

 private:
  const std::string node_id_;
  std::mutex sequence_mutex_;
  std::uint64_t sequence_ = 0;  // guarded by sequence_mutex_
  SubscriberList subscribers_;
};

}  // namespace marquee::events
