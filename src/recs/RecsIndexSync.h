#pragma once
// How the recommendation index follows changes made by other features, on every node
// (events/EventBus.h): a video changed or published is read again and indexed as it is now
// (or removed when it is no longer listed), a deleted video or account leaves the index, and
// missed events make the next refresh build the index anew.
#include <vector>

#include "events/EventBus.h"
#include "recs/RecsService.h"

namespace marquee::recs {

class RecsIndexSync {
 public:
  RecsIndexSync(RecsService& recs, events::EventBus& bus);

 private:
  std::vector<events::Subscription> subscriptions_;
};

}  // namespace marquee::recs
