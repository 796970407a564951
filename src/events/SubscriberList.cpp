#include "events/SubscriberList.h"

#include <spdlog/spdlog.h>

namespace marquee::events {

void SubscriberList::add(std::string type, EventBus::Handler handler) {
  std::lock_guard lock(mutex_);
  by_type_[std::move(type)].push_back(std::move(handler));
}

void SubscriberList::add_missed(std::function<void()> handler) {
  std::lock_guard lock(mutex_);
  missed_.push_back(std::move(handler));
}

void SubscriberList::deliver(const Event& event) const {
  std::vector<EventBus::Handler> handlers;
  {
    std::lock_guard lock(mutex_);
    auto it = by_type_.find(event.type);
    if (it == by_type_.end()) return;
    handlers = it->second;  // copied: a handler may publish, or subscribe
  }
  for (const auto& handler : handlers) {
    try {
      handler(event);
    } catch (const std::exception& e) {
      spdlog::error("handler of event {} ({}) failed: {}", event.type, event.subject, e.what());
    }
  }
}

void SubscriberList::missed() const {
  std::vector<std::function<void()>> handlers;
  {
    std::lock_guard lock(mutex_);
    handlers = missed_;
  }
  for (const auto& handler : handlers) {
    try {
      handler();
    } catch (const std::exception& e) {
      spdlog::error("missed-events handler failed: {}", e.what());
    }
  }
}

}  // namespace marquee::events
