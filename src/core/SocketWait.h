#pragma once
// Waiting on a server's socket from a background thread without blocking past a deadline,
// and without outliving a stop request: the thread polls the socket together with a
// StopSignal's fd. Shared by the clients that talk to PostgreSQL and Redis on their own
// threads (the event buses) or on request threads (the Redis rate limiter).
#include <chrono>
#include <optional>

namespace marquee {

using SteadyClock = std::chrono::steady_clock;

// How long one connect or command may wait on the server. A raised stop signal ends the wait
// at once, or, with a grace period (a publisher flushing what is queued), shortens the
// deadline to it.
struct WaitLimits {
  SteadyClock::time_point deadline;
  int stop_fd = -1;  // -1: no stop signal
  std::optional<SteadyClock::duration> grace_after_stop;
};

enum class WaitResult { ready, stopped, timed_out };

// Waits until `socket` has one of `events` (POLLIN, POLLOUT), the deadline passes or the stop
// signal is raised. A negative socket is ready at once (the caller's next call reports what is
// wrong with it).
WaitResult wait_for_socket(int socket, short events, WaitLimits& limits);

// Waits out `delay` unless the stop signal comes first (then true).
bool stopped_during(int stop_fd, SteadyClock::duration delay);

// True when the stop signal behind `stop_fd` has been raised.
bool stop_raised(int stop_fd);

}  // namespace marquee
