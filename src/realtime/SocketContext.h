#pragma once
// What every socket of the realtime server shares: its settings, the commands clients may
// run, the pool those run on, and the server's bookkeeping. Internal to realtime/ (it brings
// in Asio).
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <functional>
#include <memory>

#include "core/Clock.h"
#include "realtime/Client.h"
#include "realtime/ClientCommands.h"
#include "realtime/RealtimeOptions.h"

namespace marquee::realtime {

struct SocketCounters {
  std::atomic<std::int64_t> websocket_open{0};
  std::atomic<std::int64_t> socketio_open{0};
  std::atomic<std::uint64_t> slow_consumers_dropped{0};
  std::atomic<std::uint64_t> refused{0};  // handshakes refused (origin, limits, tokens)
};

struct SocketContext {
  RealtimeOptions options;
  ClientCommands& commands;
  boost::asio::thread_pool& pool;
  const Clock& clock;
  SocketCounters& counters;
  // Takes a closed client off the server's list (heartbeats, expiry, limits). Idempotent.
  std::function<void(const Client&)> remove_client;

  // Runs `fn` on the pool and resumes the caller with its result. (GCC 12 destroys a
  // temporary with non-trivial captures inside a co_await expression twice: every such
  // lambda is a named local before it is awaited.)
  template <typename F>
  auto on_pool(F fn) -> boost::asio::awaitable<std::invoke_result_t<F>> {
    using R = std::invoke_result_t<F>;
    auto task = [fn = std::move(fn)]() mutable -> boost::asio::awaitable<R> { co_return fn(); };
    auto result = co_await boost::asio::co_spawn(pool, std::move(task), boost::asio::use_awaitable);
    co_return result;
  }
};

}  // namespace marquee::realtime
