#pragma once
// The realtime settings (realtime.* in the configuration; docs/realtime.md).
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace marquee::realtime {

struct RealtimeOptions {
  std::chrono::milliseconds ping_interval{25'000};
  std::chrono::milliseconds ping_timeout{20'000};
  std::size_t max_payload_bytes = 1'000'000;
  std::chrono::milliseconds connect_timeout{45'000};
  std::size_t max_connections_per_ip = 1'000;
  std::size_t max_rooms_per_connection = 50;
  std::size_t send_queue_bytes = 1 << 20;
  std::chrono::milliseconds auth_grace{30'000};
  std::vector<std::string> origins;  // empty: any browser origin may open a socket
  int worker_threads = 4;            // the pool that runs what sockets ask (database reads, chat)
};

}  // namespace marquee::realtime
