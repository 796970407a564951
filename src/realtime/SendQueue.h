#pragma once
// What waits to be written to one connection, bounded in bytes. Producers (any thread) push;
// the connection's one writer takes everything queued, writes it, and takes again until the
// queue is empty, when it goes idle. A push that would pass the bound is refused: the caller
// drops the connection rather than let a slow reader grow memory.
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace marquee::realtime {

using Frame = std::shared_ptr<const std::string>;

class SendQueue {
 public:
  explicit SendQueue(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  enum class Pushed { start_writer, queued, overflow };
  // start_writer: the writer was idle and must be started by the caller.
  Pushed push(Frame frame);
  // Everything queued; empty (and the writer idle) when nothing was.
  std::vector<Frame> take();

 private:
  std::mutex mutex_;
  std::vector<Frame> frames_;
  std::size_t bytes_ = 0;
  std::size_t max_bytes_;
  bool writing_ = false;
  bool overflowed_ = false;
};

}  // namespace marquee::realtime
