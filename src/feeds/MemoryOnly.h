#pragma once
// Pages computed from memory alone: while a MemoryOnly lives on a thread, FeedStore refuses
// to query and throws NotInMemory instead. FeedRoutes computes a signed-in page this way on the
// I/O thread (no hand-over to the blocking pool, no database) and, when something the page
// needs is not in memory, leaves the request to the pool, which reads it.
namespace marquee::feeds {

struct NotInMemory {};

class MemoryOnly {
 public:
  MemoryOnly();
  ~MemoryOnly();
  MemoryOnly(const MemoryOnly&) = delete;
  MemoryOnly& operator=(const MemoryOnly&) = delete;

 private:
  bool previous_;
};

// Throws NotInMemory while a MemoryOnly lives on this thread.
void require_database();

}  // namespace marquee::feeds
