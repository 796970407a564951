#include "events/SubscriberList.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace marquee::events {
namespace {

// Runs the entry's handler unless it was cancelled; a throw is logged.
template <class E, class... Args>
void run(E& entry, const char* what, const Args&... args) {
  const auto self = std::this_thread::get_id();
  {
    std::lock_guard lock(entry.mutex);
    if (!entry.alive) return;
    entry.running.push_back(self);
  }
  try {
    entry.handler(args...);
  } catch (const std::exception& e) {
    spdlog::error("{} handler failed: {}", what, e.what());
  } catch (...) {
    spdlog::error("{} handler failed with a non-standard exception", what);
  }
  {
    std::lock_guard lock(entry.mutex);
    entry.running.erase(std::find(entry.running.begin(), entry.running.end(), self));
  }
  entry.idle.notify_all();
}

}  // namespace

template <class E>
Subscription SubscriberList::cancels(std::shared_ptr<E> entry) {
  return Subscription([entry] {
    const auto self = std::this_thread::get_id();
    std::unique_lock lock(entry->mutex);
    entry->alive = false;
    // A call on this very thread (a handler cancelling itself) is not waited for.
    entry->idle.wait(lock, [&] {
      return std::all_of(entry->running.begin(), entry->running.end(), [&](auto id) { return id == self; });
    });
  });
}

Subscription SubscriberList::add(std::string type, EventBus::Handler handler) {
  auto entry = std::make_shared<EventEntry>();
  entry->handler = std::move(handler);
  {
    std::lock_guard lock(mutex_);
    auto& list = by_type_[std::move(type)];
    std::erase_if(list, [](const auto& e) {  // drop cancelled ones as we go
      std::lock_guard entry_lock(e->mutex);
      return !e->alive;
    });
    list.push_back(entry);
  }
  return cancels(std::move(entry));
}

Subscription SubscriberList::add_missed(std::function<void()> handler) {
  auto entry = std::make_shared<MissedEntry>();
  entry->handler = std::move(handler);
  {
    std::lock_guard lock(mutex_);
    missed_.push_back(entry);
  }
  return cancels(std::move(entry));
}

void SubscriberList::deliver(const Event& event) const {
  std::vector<std::shared_ptr<EventEntry>> entries;
  {
    std::lock_guard lock(mutex_);
    auto it = by_type_.find(event.type);
    if (it == by_type_.end()) return;
    entries = it->second;  // copied: a handler may publish, or subscribe
  }
  for (const auto& entry : entries) run(*entry, event.type.c_str(), event);
}

void SubscriberList::missed() const {
  std::vector<std::shared_ptr<MissedEntry>> entries;
  {
    std::lock_guard lock(mutex_);
    entries = missed_;
  }
  for (const auto& entry : entries) run(*entry, "missed-events");
}

}  // namespace marquee::events
