#pragma once
// The one rule by which Marquee's in-memory caches (videos, shared feed pages) treat an
// expired entry that is in demand: the first reader to find it expired is sent to rebuild it,
// and until that rebuild lands — for at most one more ttl — every other reader keeps the
// expired copy instead of rebuilding it too. Callers hold their cache's lock.
#include <chrono>

namespace marquee {

// Whether a reader may take an entry expiring at `expires`, now. `refreshing` is the entry's
// flag: set here when this reader is the one sent to rebuild it, cleared by the cache when
// the rebuilt entry is stored. A reader that rebuilds when told no passes while_refreshing =
// false: it takes fresh entries only.
inline bool may_serve(std::chrono::steady_clock::time_point now, std::chrono::steady_clock::time_point expires,
                      std::chrono::milliseconds ttl, bool& refreshing, bool while_refreshing) {
  if (now < expires) return true;
  if (!while_refreshing) return false;
  if (!refreshing) {
    refreshing = true;  // this reader rebuilds it
    return false;
  }
  return now < expires + ttl;  // while that rebuild is in flight
}

}  // namespace marquee
