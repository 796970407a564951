#pragma once
// The facts the channels feature publishes on the EventBus (events/EventBus.h). Subject: the
// user whose subscriptions or blocks changed. Data: {"channel_id"}.
namespace marquee::channels {

inline constexpr const char* kSubscriptionChanged = "subscription.changed";
inline constexpr const char* kBlockChanged = "block.changed";

}  // namespace marquee::channels
