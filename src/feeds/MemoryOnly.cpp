#include "feeds/MemoryOnly.h"

namespace marquee::feeds {
namespace {

thread_local bool memory_only = false;

}  // namespace

MemoryOnly::MemoryOnly() : previous_(memory_only) { memory_only = true; }

MemoryOnly::~MemoryOnly() { memory_only = previous_; }

void require_database() {
  if (memory_only) throw NotInMemory{};
}

}  // namespace marquee::feeds
