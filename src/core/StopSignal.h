#pragma once
// A file descriptor that turns readable once raise() is called and stays so: background
// threads that wait in poll() on a server's socket wait on it too, so one raise() wakes
// every one of them at once (the event buses, the Redis connections).
#include <cstdint>

namespace marquee {

class StopSignal {
 public:
  StopSignal();  // throws std::system_error when no eventfd can be made
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  void raise();
  bool raised() const;
  int fd() const { return fd_; }

 private:
  int fd_;
};

}  // namespace marquee
