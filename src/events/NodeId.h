#pragma once
// The id a process goes by on the event bus: host, pid and a random part, so two processes
// never share one, and a restarted process is a new node (its sequence numbers start again).
#include <string>

namespace marquee::events {

std::string new_node_id();

}  // namespace marquee::events
