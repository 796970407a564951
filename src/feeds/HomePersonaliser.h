#pragma once
// What the home feed asks first for a signed-in viewer: whether another feature serves this
// viewer's home from what they watch (recommendations' for-you feed, recs/RecsService.h).
// The feeds define this interface and recs implements it because recommendations build on
// the feeds (anonymous and cold-start viewers get the home blend), so the dependency runs
// one way: feeds never include recs, and App hands the implementation to FeedService.
#include <optional>

#include "accounts/Principal.h"
#include "videos/Video.h"

namespace marquee::feeds {

struct FeedQuery;

class HomePersonaliser {
 public:
  virtual ~HomePersonaliser() = default;
  // The viewer's personal home page, or nullopt for the usual blend (the viewer has no
  // history yet, or the cursor is one the blend issued). May throw NotInMemory (MemoryOnly.h)
  // when it cannot answer from memory on the I/O thread.
  virtual std::optional<videos::VideoPage> personal_home(const accounts::Principal& viewer, const FeedQuery& query) = 0;
};

}  // namespace marquee::feeds
