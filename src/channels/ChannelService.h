#pragma once
// Channels and subscriptions: following a user's channel, the channels a user follows, a
// channel's counts, and its video listing (videos::VideoService decides which videos show).
// Subscribing and unsubscribing are idempotent.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "accounts/Principal.h"
#include "channels/Channel.h"
#include "channels/ChannelStore.h"
#include "core/Clock.h"
#include "db/Database.h"
#include "videos/VideoService.h"

namespace marquee::channels {

inline constexpr std::int64_t kDefaultPageSize = 20;
inline constexpr std::int64_t kMaxPageSize = 100;

struct SubscriptionQuery {
  std::optional<std::int64_t> limit;
  std::optional<std::string> cursor;  // next_cursor of the previous page
};

struct SubscriptionPage {
  std::vector<Subscription> items;
  std::optional<std::string> next_cursor;  // absent on the last page
};

class ChannelService {
 public:
  ChannelService(db::Database& db, videos::VideoService& videos, const Clock& clock)
      : store_(db), videos_(videos), clock_(clock) {}

  // 404 for an unknown channel, 400 for one's own.
  Subscribed subscribe(const accounts::Principal& subscriber, const std::string& username);
  // 404 for an unknown channel; succeeds whether or not there was a subscription.
  void unsubscribe(const accounts::Principal& subscriber, const std::string& username);
  // The channels `subscriber` follows, newest subscription first.
  SubscriptionPage subscriptions(const accounts::Principal& subscriber, const SubscriptionQuery& query);
  ChannelStats stats(const std::string& user_id) { return store_.stats(user_id); }
  // For account deletion, before the account row goes: ends its subscriptions through the
  // counters (the row's cascade would drop them and leave the channels' counts high).
  void forget_subscriber(const std::string& user_id) { store_.remove_subscriber(user_id); }
  // The channel's videos as videos::VideoService::list shows them to `caller`.
  videos::VideoPage videos(const accounts::Caller& caller, const std::string& username,
                           std::optional<std::int64_t> limit, std::optional<std::string> cursor);
  // Called after a user subscribed or unsubscribed (feeds cache whom a user follows).
  void on_subscriptions_changed(std::function<void(const std::string& subscriber_id)> listener) {
    subscription_listeners_.push_back(std::move(listener));
  }

 private:
  ChannelSummary channel_named(const std::string& username);

  ChannelStore store_;
  videos::VideoService& videos_;
  const Clock& clock_;
  std::vector<std::function<void(const std::string&)>> subscription_listeners_;
};

}  // namespace marquee::channels
