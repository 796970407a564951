#pragma once
// How the feeds keep what they hold in memory true to changes made by other features, on
// every node (events/EventBus.h): a video's change or deletion drops the video and every
// cached page; a user's subscriptions, blocks or ratings drop what is held of that viewer;
// missed events drop everything. The ttls of FeedOptions stay as the safety net.
#include <vector>

#include "events/EventBus.h"
#include "feeds/FeedService.h"

namespace marquee::feeds {

class FeedCacheInvalidation {
 public:
  FeedCacheInvalidation(FeedService& feeds, events::EventBus& bus);

 private:
  std::vector<events::Subscription> subscriptions_;
};

}  // namespace marquee::feeds
