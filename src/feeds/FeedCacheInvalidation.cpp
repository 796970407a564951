#include "feeds/FeedCacheInvalidation.h"

#include "channels/ChannelEvents.h"
#include "social/RatingEvents.h"
#include "videos/VideoEvents.h"

namespace marquee::feeds {

FeedCacheInvalidation::FeedCacheInvalidation(FeedService& feeds, events::EventBus& bus) {
  auto forget_video = [&feeds](const events::Event& event) { feeds.forget_video(event.subject); };
  auto forget_follower = [&feeds](const events::Event& event) { feeds.forget_viewer(event.subject); };
  subscriptions_.push_back(bus.subscribe(videos::kVideoChanged, forget_video));
  subscriptions_.push_back(bus.subscribe(videos::kVideoDeleted, forget_video));
  subscriptions_.push_back(bus.subscribe(channels::kSubscriptionChanged, forget_follower));
  subscriptions_.push_back(bus.subscribe(channels::kBlockChanged, forget_follower));
  // A rating moves the rater's taste (reels).
  subscriptions_.push_back(bus.subscribe(social::kRatingChanged, [&feeds](const events::Event& event) {
    if (auto user_id = events::data_string(event, "user_id")) feeds.forget_viewer(*user_id);
  }));
  subscriptions_.push_back(bus.on_missed([&feeds] { feeds.forget_everything(); }));
}

}  // namespace marquee::feeds
