#pragma once
// The subscribers of one bus, by event type, and the handlers for missed events: shared by
// every EventBus implementation so they deliver alike (in subscription order; a handler that
// throws is logged and the others still run).
#include <functional>
#include <map>
#include <memory>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <string>
#include <vector>

#include "events/EventBus.h"
#include "events/Subscription.h"

namespace marquee::events {

class SubscriberList {
 public:
  Subscription add(std::string type, EventBus::Handler handler);
  Subscription add_missed(std::function<void()> handler);
  void deliver(const Event& event) const;
  void missed() const;

 private:
  // One handler. No lock is held while it runs (a handler may publish, subscribe or cancel,
  // and two handlers on two threads never wait on each other); cancel() marks it dead and
  // waits until no other thread is inside it.
  template <class Fn>
  struct Entry {
    Fn handler;
    std::mutex mutex;
    std::condition_variable idle;
    bool alive = true;                      // guarded by mutex
    std::vector<std::thread::id> running;   // threads inside the handler; guarded by mutex
  };
  using EventEntry = Entry<EventBus::Handler>;
  using MissedEntry = Entry<std::function<void()>>;

  template <class E>
  static Subscription cancels(std::shared_ptr<E> entry);

  mutable std::mutex mutex_;
  std::map<std::string, std::vector<std::shared_ptr<EventEntry>>, std::less<>> by_type_;  // guarded by mutex_
  std::vector<std::shared_ptr<MissedEntry>> missed_;                                      // guarded by mutex_
};

}  // namespace marquee::events
