#include "events/PostgresEventBus.h"

#include <libpq-fe.h>
#include <poll.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "core/LogThrottle.h"
#include "core/SocketWait.h"
#include "core/StopSignal.h"
#include "events/IncomingEvents.h"
#include "events/OutgoingEvents.h"
#include "events/SubscriberList.h"

namespace marquee::events {
namespace {

using Clock = SteadyClock;
using namespace std::chrono_literals;

constexpr const char* kChannel = "marquee_events";
constexpr const char* kListen = "LISTEN marquee_events";
// One statement, one implicit transaction, one round trip for the whole batch, notifying in
// the array's order (PostgreSQL delivers a transaction's notifications in the order sent).
// It folds identical payloads within a transaction into one, but no two events are
// identical: each carries its own (origin, sequence).
constexpr const char* kNotifyBatch =
    "SELECT pg_notify('marquee_events', p) FROM unnest($1::text[]) WITH ORDINALITY AS e(p, i) ORDER BY i";

constexpr auto kConnectTimeout = 10s;
constexpr auto kStatementTimeout = 10s;
constexpr auto kFlushGraceOnStop = 500ms;
constexpr auto kFirstBackoff = 100ms;
constexpr auto kMaxBackoff = 5s;
constexpr std::size_t kMaxBatch = 1'000;  // under 8 MB of payloads per statement
// How long the publisher lets a batch gather once its first event is queued. Every NOTIFY
// statement is a transaction that takes PostgreSQL's notify lock at commit; at a thousand
// writes a second, sending each event alone costs the writes themselves about a fifth of
// their throughput on a small machine. A few milliseconds of latency buys batches of several.
constexpr auto kBatchLinger = 5ms;

struct PgConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
using PgConn = std::unique_ptr<PGconn, PgConnCloser>;

struct PgResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgResultClearer>;

struct PgNotifyFreer {
  void operator()(PGnotify* notify) const { PQfreemem(notify); }
};
using PgNotify = std::unique_ptr<PGnotify, PgNotifyFreer>;

// libpq's messages span lines ("…\n\tThis probably means…"): one line for the log.
std::string one_line(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const bool space = c == '\n' || c == '\t' || c == '\r' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string connection_error(const PGconn* conn) {
  std::string message = one_line(conn ? PQerrorMessage(conn) : "out of memory");
  return message.empty() ? "unknown error" : message;
}

// Server notices (and the FATAL a terminated session receives) go to the log, not stderr.
void log_notice(void*, const char* message) { spdlog::debug("event bus: postgres: {}", one_line(message)); }

// Opens a connection without blocking past the limits (PQconnectdb would ignore the stop signal).
PgConn connect(const std::string& url, const std::string& application_name, WaitLimits& limits, std::string& error) {
  // Later entries win: the URL overrides the keepalive and encoding defaults; the
  // application_name is always ours, so the connection can be found in pg_stat_activity.
  const char* keywords[] = {"keepalives",      "keepalives_idle", "keepalives_interval", "keepalives_count",
                            "client_encoding", "dbname",          "application_name",    nullptr};
  const char* values[] = {"1", "30", "10", "3", "UTF8", url.c_str(), application_name.c_str(), nullptr};
  PgConn conn(PQconnectStartParams(keywords, values, 1));
  if (!conn || PQstatus(conn.get()) == CONNECTION_BAD) {
    error = connection_error(conn.get());
    return nullptr;
  }
  PQsetNoticeProcessor(conn.get(), &log_notice, nullptr);
  PostgresPollingStatusType status = PGRES_POLLING_WRITING;
  for (;;) {
    if (status == PGRES_POLLING_OK) return conn;
    if (status == PGRES_POLLING_FAILED) {
      error = connection_error(conn.get());
      return nullptr;
    }
    const short events = status == PGRES_POLLING_READING ? POLLIN : POLLOUT;
    switch (wait_for_socket(PQsocket(conn.get()), events, limits)) {
      case WaitResult::stopped:
        error = "stopped while connecting";
        return nullptr;
      case WaitResult::timed_out:
        error = "timed out connecting";
        return nullptr;
      case WaitResult::ready:
        break;
    }
    status = PQconnectPoll(conn.get());
  }
}

// Sends one statement and reads all its results without blocking past the limits. False,
// with `error` set, when it failed or was abandoned: the caller then closes the connection.
bool run_statement(PGconn* conn, const char* sql, const std::vector<const char*>& params, WaitLimits& limits,
                   std::string& error) {
  if (PQsetnonblocking(conn, 1) != 0 ||
      !PQsendQueryParams(conn, sql, static_cast<int>(params.size()), nullptr, params.empty() ? nullptr : params.data(),
                         nullptr, nullptr, 0)) {
    error = connection_error(conn);
    return false;
  }
  auto wait = [&](short events) {
    switch (wait_for_socket(PQsocket(conn), events, limits)) {
      case WaitResult::ready:
        if (PQconsumeInput(conn)) return true;
        error = connection_error(conn);
        return false;
      case WaitResult::stopped:
        error = "stopped";
        return false;
      case WaitResult::timed_out:
        error = "no answer from PostgreSQL in time";
        return false;
    }
    return false;
  };
  for (int unsent; (unsent = PQflush(conn)) != 0;) {
    if (unsent < 0) {
      error = connection_error(conn);
      return false;
    }
    if (!wait(POLLIN | POLLOUT)) return false;
  }
  bool ok = true;
  for (;;) {
    while (PQisBusy(conn)) {
      if (!wait(POLLIN)) return false;
    }
    PgResult result(PQgetResult(conn));
    if (!result) break;
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      ok = false;
      error = one_line(PQresultErrorMessage(result.get()));
    }
  }
  return ok && PQstatus(conn) == CONNECTION_OK;
}

// A PostgreSQL text[] literal: every element quoted, with `"` and `\` escaped.
std::string text_array_literal(const std::vector<std::string>& elements) {
  std::size_t size = 2;
  for (const auto& element : elements) size += element.size() + 8;
  std::string out;
  out.reserve(size);
  out += '{';
  for (const auto& element : elements) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (const char c : element) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

}  // namespace

class PostgresEventBus::Impl {
 public:
  Impl(std::string url, std::string node_id, PostgresEventBusOptions options)
      : url_(std::move(url)),
        node_id_(std::move(node_id)),
        options_(options),
        listener_name_("marquee-bus-listen:" + node_id_),
        publisher_name_("marquee-bus-notify:" + node_id_),
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
    listener_ = std::thread([this, stop_fd] { run_listener(stop_fd); });
    std::unique_lock lock(first_attempt_mutex_);
    first_attempt_.wait_for(lock, kConnectTimeout + kStatementTimeout, [this] { return first_attempts_pending_ == 0; });
  }

  void stop() {
    std::lock_guard lifecycle(lifecycle_mutex_);
    if (!publisher_.joinable()) return;
    outgoing_.close();
    stop_signal_->raise();
    publisher_.join();
    if (listener_.joinable()) listener_.join();
    stop_signal_.reset();
  }

  BusCounters counters() const {
    return {outgoing_.sent_count(), incoming_.delivered(), outgoing_.dropped_count(),
            reconnects_.load(std::memory_order_relaxed), incoming_.undecodable(), incoming_.last_lag_ms()};
  }

 private:
  // The publisher thread: takes what is queued, up to kMaxBatch, and sends it in one
  // statement; after stop() it sends what is left until the grace period is over.
  void run_publisher(int stop_fd) {
    PgConn conn;
    auto backoff = Clock::duration(kFirstBackoff);
    Clock::time_point next_connect{};
    enum class Connection { none, reused, fresh };
    auto ensure_connection = [&](WaitLimits& limits, bool stopping) {
      if (conn && PQstatus(conn.get()) == CONNECTION_OK && PQconsumeInput(conn.get()) &&
          PQstatus(conn.get()) == CONNECTION_OK) {
        return Connection::reused;  // read what the server said meanwhile: an EOF shows here
      }
      conn.reset();
      if (stopping || Clock::now() < next_connect) return Connection::none;
      std::string error;
      conn = connect(url_, publisher_name_, limits, error);
      if (!conn) {
        next_connect = Clock::now() + backoff;
        backoff = std::min<Clock::duration>(backoff * 2, kMaxBackoff);
        if (!stop_raised(stop_fd) && connect_log_.allow()) {
          spdlog::warn("event bus {}: cannot connect to send events: {}", node_id_, error);
        }
        return Connection::none;
      }
      backoff = kFirstBackoff;
      return Connection::fresh;
    };

    {
      WaitLimits limits{Clock::now() + kConnectTimeout, stop_fd, std::nullopt};
      ensure_connection(limits, false);  // connect early, so the first event does not wait for it
      first_attempt_finished();
    }
    for (;;) {
      std::vector<std::string> batch;
      bool stopping = false;
      WaitLimits limits{Clock::now() + kStatementTimeout, stop_fd, kFlushGraceOnStop};
      {
        auto taken = outgoing_.take(kMaxBatch, std::nullopt, kBatchLinger);
        stopping = taken.closing;
        if (stopping) limits.deadline = std::min(limits.deadline, taken.closed_at + kFlushGraceOnStop);
        batch = std::move(taken.payloads);
      }
      if (batch.empty()) return;
      if (stopping && Clock::now() >= limits.deadline) {
        outgoing_.dropped(batch.size(), "stopping, and the grace period for sending is over");
        continue;
      }
      const Connection connection = ensure_connection(limits, stopping);
      if (connection == Connection::none) {
        outgoing_.dropped(batch.size(), "no connection to PostgreSQL");
        continue;
      }
      const std::string array = text_array_literal(batch);
      std::string error;
      bool sent = run_statement(conn.get(), kNotifyBatch, {array.c_str()}, limits, error);
      if (!sent && connection == Connection::reused && PQstatus(conn.get()) != CONNECTION_OK) {
        // The server ended the idle session before the statement reached it (a restart, an
        // idle timeout; its FATAL reads as a notice, the EOF only when sending): once more on
        // a new connection.
        conn.reset();
        if (ensure_connection(limits, stopping) != Connection::none) {
          sent = run_statement(conn.get(), kNotifyBatch, {array.c_str()}, limits, error);
        }
      }
      if (sent) {
        outgoing_.sent(batch.size());
      } else {
        conn.reset();
        outgoing_.dropped(batch.size(), "sending failed: " + error);
      }
    }
  }

  // The listener thread: LISTEN, then deliver every other node's event, until stop().
  void run_listener(int stop_fd) {
    bool announced = false;  // start() has been told of the first attempt
    auto announce = [&] {
      if (!announced) first_attempt_finished();
      announced = true;
    };
    auto backoff = Clock::duration(kFirstBackoff);
    bool away = listened_before_;  // events may have been missed since: a failed, lost or stopped connection
    while (true) {
      std::string error;
      WaitLimits limits{Clock::now() + kConnectTimeout, stop_fd, std::nullopt};
      PgConn conn = connect(url_, listener_name_, limits, error);
      if (conn && !run_statement(conn.get(), kListen, {}, limits, error)) conn.reset();
      if (!conn) {
        if (stop_raised(stop_fd)) break;
        if (listen_log_.allow()) spdlog::warn("event bus {}: cannot listen for events: {}", node_id_, error);
        away = true;
        announce();
        if (stopped_during(stop_fd, backoff)) break;
        backoff = std::min<Clock::duration>(backoff * 2, kMaxBackoff);
        continue;
      }
      backoff = kFirstBackoff;
      if (away) {
        reconnects_.fetch_add(1, std::memory_order_relaxed);
        spdlog::info("event bus {}: listening again; dropping caches, events may have been missed", node_id_);
        incoming_.forget_sequences();
        subscribers_.missed();
        away = false;
      }
      listened_before_ = true;
      announce();
      if (!receive(conn.get(), stop_fd, error)) break;
      spdlog::warn("event bus {}: lost the listening connection: {}", node_id_, error);
      away = true;
      conn.reset();
      if (stopped_during(stop_fd, backoff)) break;
    }
    announce();
  }

  // Delivers notifications until the connection is lost (true, `error` set) or stop() (false).
  bool receive(PGconn* conn, int stop_fd, std::string& error) {
    for (;;) {
      deliver_notifications(conn);
      WaitLimits limits{Clock::time_point::max(), stop_fd, std::nullopt};
      if (wait_for_socket(PQsocket(conn), POLLIN, limits) == WaitResult::stopped) return false;
      if (!PQconsumeInput(conn) || PQstatus(conn) != CONNECTION_OK) {
        error = connection_error(conn);
        return true;
      }
    }
  }

  void deliver_notifications(PGconn* conn) {
    while (PgNotify notify{PQnotifies(conn)}) {
      if (std::string_view(notify->relname) != kChannel) continue;
      incoming_.receive(notify->extra);
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

  const std::string url_;
  const std::string node_id_;
  const PostgresEventBusOptions options_;
  const std::string listener_name_;
  const std::string publisher_name_;
  SubscriberList subscribers_;
  IncomingEvents incoming_;       // used by the listener thread only
  OutgoingEvents outgoing_;
  bool listened_before_ = false;  // used by the listener thread only (one at a time)


  std::mutex lifecycle_mutex_;  // serializes start() and stop()
  std::unique_ptr<StopSignal> stop_signal_;
  std::thread publisher_;
  std::thread listener_;

  std::mutex first_attempt_mutex_;
  std::condition_variable first_attempt_;
  int first_attempts_pending_ = 0;  // guarded by first_attempt_mutex_

  std::atomic<std::uint64_t> reconnects_{0};
  LogThrottle connect_log_;
  LogThrottle listen_log_;
};

PostgresEventBus::PostgresEventBus(std::string database_url, std::string node_id, PostgresEventBusOptions options)
    : impl_(std::make_unique<Impl>(std::move(database_url), std::move(node_id), options)) {}

PostgresEventBus::~PostgresEventBus() = default;

void PostgresEventBus::publish(Event event) { impl_->publish(std::move(event)); }
Subscription PostgresEventBus::subscribe(std::string type, Handler handler) {
  return impl_->subscribe(std::move(type), std::move(handler));
}
Subscription PostgresEventBus::on_missed(std::function<void()> handler) { return impl_->on_missed(std::move(handler)); }
void PostgresEventBus::start() { impl_->start(); }
void PostgresEventBus::stop() { impl_->stop(); }
const std::string& PostgresEventBus::node_id() const { return impl_->node_id(); }
BusCounters PostgresEventBus::counters() const { return impl_->counters(); }

}  // namespace marquee::events
