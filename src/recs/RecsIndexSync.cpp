#include "recs/RecsIndexSync.h"

#include "accounts/AccountEvents.h"
#include "videos/VideoEvents.h"

namespace marquee::recs {

RecsIndexSync::RecsIndexSync(RecsService& recs, events::EventBus& bus) {
  auto changed = [&recs](const events::Event& event) { recs.video_changed(event.subject); };
  subscriptions_.push_back(bus.subscribe(videos::kVideoChanged, changed));
  subscriptions_.push_back(bus.subscribe(videos::kVideoPublished, changed));
  subscriptions_.push_back(
      bus.subscribe(videos::kVideoDeleted, [&recs](const events::Event& event) { recs.video_deleted(event.subject); }));
  subscriptions_.push_back(bus.subscribe(accounts::kAccountDeleted,
                                         [&recs](const events::Event& event) { recs.account_deleted(event.subject); }));
  subscriptions_.push_back(bus.on_missed([&recs] { recs.missed_changes(); }));
}

}  // namespace marquee::recs
