#include "events/RedisEventBus.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/Clock.h"
#include "core/LogThrottle.h"
#include "core/SocketWait.h"
#include "core/StopSignal.h"
#include "events/IncomingEvents.h"
#include "events/OutgoingEvents.h"
#include "events/SubscriberList.h"
#include "redis/RedisConnection.h"

namespace marquee::events {
namespace {

using Clock = SteadyClock;
using namespace std::chrono_literals;
using redis::RedisCommand;
using redis::RedisConnection;
using redis::RedisIo;
using redis::RedisReply;

constexpr auto kFlushGraceOnStop = 500ms;
constexpr auto kFirstBackoff = 100ms;
constexpr auto kMaxBackoff = 5s;
// PUBLISH commands pipelined in one write; a batch of payloads under 8 MB.
constexpr std::size_t kMaxBatch = 1'000;

// ["subscribe", channel, count]: the server confirmed the subscription.
bool confirms_subscription(const RedisReply& reply, const std::string& channel) {
  return reply.type == RedisReply::Type::array && reply.elements.size() == 3 &&
         reply.elements[0].text == "subscribe" && reply.elements[1].text == channel;
}

}  // namespace

class RedisEventBus::Impl {
 public:
  Impl(redis::RedisUrl url, std::string node_id, RedisEventBusOptions options)
      : url_(std::move(url)),
        node_id_(std::move(node_id)),
        options_(std::move(options)),
        subscriber_name_("marquee-bus-sub:" + node_id_),
        publisher_name_("marquee-bus-pub:" + node_id_),
        incoming_(node_id_, subscribers_),
        outgoing_(node_id_, options_.queue_capacity) {}

  ~Impl() { stop(); }

  void publish(Event event) {
    outgoing_.stamp_and_queue(event);
    subscribers_.deliver(event);
  }

  Subscription subscribe(std::string type, Handler handler) {
    return subscribers_.add(std::move(type), std::move(handler));
  }
  Subscription on_missed(std::function<void()> handler) { return subscribers_.add_missed(std::move(handler)); }
  const std::string& node_id() const { return node_id_; }

  void start() {
    std::lock_guard lifecycle(lifecycle_mutex_);
    if (publisher_.joinable()) return;
    stop_signal_ = std::make_unique<StopSignal>();
    outgoing_.open();
    {
      std::lock_guard lock(first_attempt_mutex_);
      first_attempts_pending_ = 2;
    }
    const int stop_fd = stop_signal_->fd();
    publisher_ = std::thread([this, stop_fd] { run_publisher(stop_fd); });
    subscriber_ = std::thread([this, stop_fd] { run_subscriber(stop_fd); });
    std::unique_lock lock(first_attempt_mutex_);
    first_attempt_.wait_for(lock, options_.connect_timeout + options_.command_timeout + 1s,
                            [this] { return first_attempts_pending_ == 0; });
  }

  void stop() {
    std::lock_guard lifecycle(lifecycle_mutex_);
    if (!publisher_.joinable()) return;
    outgoing_.close();
    stop_signal_->raise();
    publisher_.join();
    if (subscriber_.joinable()) subscriber_.join();
    stop_signal_.reset();
  }

  BusCounters counters() const {
    return {outgoing_.sent_count(), incoming_.delivered(), outgoing_.dropped_count(),
            reconnects_.load(std::memory_order_relaxed), incoming_.undecodable(), incoming_.last_lag_ms()};
  }

  bool healthy() const { return subscribed_.load() && publisher_up_.load(); }

 private:
  // The publisher thread: takes what is queued, up to kMaxBatch, and sends it pipelined;
  // while it has no connection it tries again on its own (100 ms doubling to 5 s), so the
  // bus is healthy again as soon as Redis is back, not at the next event. After stop() it
  // sends what is left until the grace period is over.
  void run_publisher(int stop_fd) {
    std::unique_ptr<RedisConnection> conn;
    auto backoff = Clock::duration(kFirstBackoff);
    Clock::time_point next_connect{};
    auto ensure_connection = [&](WaitLimits& limits) {
      if (conn && conn->usable()) return true;  // a connection the server closed while idle shows here
      conn.reset();
      if (Clock::now() < next_connect) return false;
      std::string error;
      conn = RedisConnection::open(url_, publisher_name_, limits, error);
      if (!conn) {
        publisher_up_ = false;
        next_connect = Clock::now() + backoff;
        backoff = std::min<Clock::duration>(backoff * 2, kMaxBackoff);
        if (!stop_raised(stop_fd) && connect_log_.allow()) {
          spdlog::warn("event bus {}: cannot connect to Redis at {} to send events: {}", node_id_, url_.describe(),
                       error);
        }
        return false;
      }
      backoff = kFirstBackoff;
      publisher_up_ = true;
      return true;
    };

    {
      WaitLimits limits{Clock::now() + options_.connect_timeout, stop_fd, std::nullopt};
      ensure_connection(limits);  // connect early, so the first event does not wait for it
      first_attempt_finished();
    }
    std::vector<RedisCommand> commands;
    std::vector<RedisReply> replies;
    for (;;) {
      bool stopping = false;
      WaitLimits limits{Clock::now() + options_.command_timeout, stop_fd, kFlushGraceOnStop};
      commands.clear();
      {
        // Without a connection, wake in time to try it again.
        auto batch = outgoing_.take(kMaxBatch, conn ? std::nullopt
                                                    : std::optional(std::max(next_connect, Clock::now() + 10ms)));
        stopping = batch.closing;
        if (stopping) limits.deadline = std::min(limits.deadline, batch.closed_at + kFlushGraceOnStop);
        for (auto& payload : batch.payloads) commands.push_back({"PUBLISH", options_.channel, std::move(payload)});
      }
      if (commands.empty()) {
        if (stopping) return;
        WaitLimits connect_limits{Clock::now() + options_.connect_timeout, stop_fd, std::nullopt};
        ensure_connection(connect_limits);  // nothing to send: only coming back
        continue;
      }
      if (stopping && Clock::now() >= limits.deadline) {
        outgoing_.dropped(commands.size(), "stopping, and the grace period for sending is over");
        continue;
      }
      if (!ensure_connection(limits)) {
        outgoing_.dropped(commands.size(), "no connection to Redis");
        continue;
      }
      std::string error;
      if (conn->run(commands, replies, limits, error) != RedisIo::ok) {
        // Some of the batch may have gone out before the connection failed; all of it is
        // counted as dropped, and a receiver that got part of it sees the gap.
        conn.reset();
        publisher_up_ = false;
        next_connect = Clock::now();  // once more at once; backoff only after failing to connect
        outgoing_.dropped(commands.size(), "sending failed: " + error);
        continue;
      }
      std::size_t refused = 0;
      for (const RedisReply& reply : replies) {
        if (reply.is_error()) {
          ++refused;
          error = reply.text;
        }
      }
      outgoing_.sent(commands.size() - refused);
      if (refused > 0) outgoing_.dropped(refused, "Redis refused: " + error);
    }
  }

  // The subscriber thread: SUBSCRIBE, then deliver every other node's event, until stop().
  void run_subscriber(int stop_fd) {
    bool announced = false;  // start() has been told of the first attempt
    auto announce = [&] {
      if (!announced) first_attempt_finished();
      announced = true;
    };
    auto backoff = Clock::duration(kFirstBackoff);
    bool away = subscribed_before_;  // events may have been missed since: a failed, lost or stopped connection
    for (;;) {
      std::string error;
      WaitLimits limits{Clock::now() + options_.connect_timeout, stop_fd, std::nullopt};
      std::unique_ptr<RedisConnection> conn = RedisConnection::open(url_, subscriber_name_, limits, error);
      if (conn) {
        WaitLimits command_limits{Clock::now() + options_.command_timeout, stop_fd, std::nullopt};
        RedisReply reply;
        if (conn->send({{"SUBSCRIBE", options_.channel}}, command_limits, error) != RedisIo::ok ||
            conn->next(reply, command_limits, error) != RedisIo::ok) {
          conn.reset();
        } else if (!confirms_subscription(reply, options_.channel)) {
          error = reply.is_error() ? reply.text : "unexpected answer to SUBSCRIBE";
          conn.reset();
        }
      }
      if (!conn) {
        if (stop_raised(stop_fd)) break;
        if (subscribe_log_.allow()) {
          spdlog::warn("event bus {}: cannot subscribe to events at Redis {}: {}", node_id_, url_.describe(), error);
        }
        away = true;
        announce();
        if (stopped_during(stop_fd, backoff)) break;
        backoff = std::min<Clock::duration>(backoff * 2, kMaxBackoff);
        continue;
      }
      backoff = kFirstBackoff;
      subscribed_ = true;
      if (away) {
        reconnects_.fetch_add(1, std::memory_order_relaxed);
        spdlog::info("event bus {}: subscribed again; dropping caches, events may have been missed", node_id_);
        incoming_.forget_sequences();
        subscribers_.missed();
        away = false;
      }
      subscribed_before_ = true;
      announce();
      const bool lost = receive(*conn, stop_fd, error);
      subscribed_ = false;
      if (!lost) break;
      spdlog::warn("event bus {}: lost the subscribing connection to Redis: {}; dropping caches", node_id_, error);
      away = true;
      conn.reset();
      // Events in flight are gone, and none will come while Redis is away: the caches fall
      // back to their ttls from now on, not from whenever the connection comes back.
      subscribers_.missed();
      if (stopped_during(stop_fd, backoff)) break;
    }
    announce();
  }

  // Delivers messages until the connection is lost (true, `error` set) or stop() (false).
  bool receive(RedisConnection& conn, int stop_fd, std::string& error) {
    bool pinged = false;
    for (;;) {
      const auto wait = pinged ? options_.command_timeout : options_.health_check_interval;
      WaitLimits limits{Clock::now() + wait, stop_fd, std::nullopt};
      RedisReply reply;
      switch (conn.next(reply, limits, error)) {
        case RedisIo::ok:
          break;
        case RedisIo::stopped:
          return false;
        case RedisIo::failed:
          return true;
        case RedisIo::timed_out: {
          if (pinged) {
            error = "no answer to PING within " + std::to_string(options_.command_timeout.count()) + " ms";
            return true;
          }
          WaitLimits send_limits{Clock::now() + options_.command_timeout, stop_fd, std::nullopt};
          const RedisIo sent = conn.send({{"PING"}}, send_limits, error);
          if (sent == RedisIo::stopped) return false;
          if (sent != RedisIo::ok) return true;
          pinged = true;
          continue;
        }
      }
      pinged = false;  // anything at all shows the connection is alive
      if (reply.type == RedisReply::Type::array && reply.elements.size() == 3 &&
          reply.elements[0].text == "message" && reply.elements[1].text == options_.channel) {
        incoming_.receive(reply.elements[2].text);
      } else if (reply.is_error()) {
        error = reply.text;
        return true;
      }
      // Anything else is the answer to a PING (["pong", ""]) or a confirmation.
    }
  }

  // Each thread calls it once, after its first connection attempt.
  void first_attempt_finished() {
    {
      std::lock_guard lock(first_attempt_mutex_);
      --first_attempts_pending_;
    }
    first_attempt_.notify_all();
  }

  const redis::RedisUrl url_;
  const std::string node_id_;
  const RedisEventBusOptions options_;
  const std::string subscriber_name_;
  const std::string publisher_name_;
  SubscriberList subscribers_;
  IncomingEvents incoming_;          // used by the subscriber thread only
  OutgoingEvents outgoing_;
  bool subscribed_before_ = false;   // used by the subscriber thread only (one at a time)
  std::atomic<bool> subscribed_{false};
  std::atomic<bool> publisher_up_{false};


  std::mutex lifecycle_mutex_;  // serializes start() and stop()
  std::unique_ptr<StopSignal> stop_signal_;
  std::thread publisher_;
  std::thread subscriber_;

  std::mutex first_attempt_mutex_;
  std::condition_variable first_attempt_;
  int first_attempts_pending_ = 0;  // guarded by first_attempt_mutex_

  std::atomic<std::uint64_t> reconnects_{0};
  LogThrottle connect_log_;
  LogThrottle subscribe_log_;
};

RedisEventBus::RedisEventBus(redis::RedisUrl url, std::string node_id, RedisEventBusOptions options)
    : impl_(std::make_unique<Impl>(std::move(url), std::move(node_id), std::move(options))) {}

RedisEventBus::~RedisEventBus() = default;

void RedisEventBus::publish(Event event) { impl_->publish(std::move(event)); }
Subscription RedisEventBus::subscribe(std::string type, Handler handler) {
  return impl_->subscribe(std::move(type), std::move(handler));
}
Subscription RedisEventBus::on_missed(std::function<void()> handler) { return impl_->on_missed(std::move(handler)); }
void RedisEventBus::start() { impl_->start(); }
void RedisEventBus::stop() { impl_->stop(); }
const std::string& RedisEventBus::node_id() const { return impl_->node_id(); }
BusCounters RedisEventBus::counters() const { return impl_->counters(); }
bool RedisEventBus::healthy() const { return impl_->healthy(); }

}  // namespace marquee::events
