#include "core/SocketWait.h"

#include <poll.h>

#include <algorithm>
#include <cerrno>

namespace marquee {
namespace {

// poll() is woken at least this often, so a deadline is never overslept by much even if the
// clock jumps.
constexpr auto kLongestPoll = std::chrono::seconds(1);

int slice_ms(SteadyClock::duration remaining) {
  const auto slice = std::min<SteadyClock::duration>(remaining, kLongestPoll);
  return static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(slice).count());
}

}  // namespace

WaitResult wait_for_socket(int socket, short events, WaitLimits& limits) {
  if (socket < 0) return WaitResult::ready;
  for (;;) {
    const auto now = SteadyClock::now();
    if (now >= limits.deadline) return WaitResult::timed_out;
    pollfd fds[2] = {{socket, events, 0}, {limits.stop_fd, POLLIN, 0}};
    const int ready = ::poll(fds, limits.stop_fd >= 0 ? 2 : 1, slice_ms(limits.deadline - now));
    if (ready < 0 && errno != EINTR) return WaitResult::ready;
    if (ready <= 0) continue;
    if (limits.stop_fd >= 0 && fds[1].revents != 0) {
      if (!limits.grace_after_stop) return WaitResult::stopped;
      limits.deadline = std::min(limits.deadline, SteadyClock::now() + *limits.grace_after_stop);
      limits.stop_fd = -1;
    }
    if (fds[0].revents != 0) return WaitResult::ready;
  }
}

bool stopped_during(int stop_fd, SteadyClock::duration delay) {
  const auto deadline = SteadyClock::now() + delay;
  pollfd fd{stop_fd, POLLIN, 0};
  for (;;) {
    const auto now = SteadyClock::now();
    if (now >= deadline) return false;
    if (::poll(&fd, 1, slice_ms(deadline - now)) > 0) return true;
  }
}

bool stop_raised(int stop_fd) {
  pollfd fd{stop_fd, POLLIN, 0};
  return ::poll(&fd, 1, 0) > 0;
}

}  // namespace marquee
