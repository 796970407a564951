#pragma once
// The subscribers of one bus, by event type, and the handlers for missed events: shared by
// every EventBus implementation so they deliver alike (in subscription order; a handler that
// throws is logged and the others still run).
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "events/EventBus.h"

namespace marquee::events {

class SubscriberList {
 public:
  void add(std::string type, EventBus::Handler handler);
  void add_missed(std::function<void()> handler);
  void deliver(const Event& event) const;
  void missed() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::vector<EventBus::Handler>, std::less<>> by_type_;  // guarded by mutex_
  std::vector<std::function<void()>> missed_;                                   // guarded by mutex_
};

}  // namespace marquee::events
