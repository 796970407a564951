#include "realtime/SendQueue.h"

namespace marquee::realtime {

SendQueue::Pushed SendQueue::push(Frame frame) {
  std::lock_guard lock(mutex_);
  if (overflowed_ || bytes_ + frame->size() > max_bytes_) {
    overflowed_ = true;  // once behind, always behind: nothing more is queued
    return Pushed::overflow;
  }
  bytes_ += frame->size();
  frames_.push_back(std::move(frame));
  if (writing_) return Pushed::queued;
  writing_ = true;
  return Pushed::start_writer;
}

std::vector<Frame> SendQueue::take() {
  std::lock_guard lock(mutex_);
  std::vector<Frame> out;
  out.swap(frames_);
  bytes_ = 0;
  if (out.empty()) writing_ = false;
  return out;
}

}  // namespace marquee::realtime
