#pragma once
// Channels, subscriptions and blocks: following a user's channel, blocking one (its videos
// never show in the blocker's feeds), the channels a user follows or blocked, a channel's
// counts, and its video listing (videos::VideoService decides which videos show). Subscribing,
// unsubscribing, blocking and unblocking are idempotent; blocking a followed channel
// unsubscribes, subscribing to a blocked one unblocks it.
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
#include "events/EventBus.h"
#include "videos/VideoService.h"

namespace marquee::channels {

inline constexpr std::int64_t kDefaultPageSize = 20;
inline constexpr std::int64_t kMaxPageSize = 100;

struct ChannelListQuery {
  std::optional<std::int64_t> limit;
  std::optional<std::string> cursor;  // next_cursor of the previous page
};

struct SubscriptionPage {
  std::vector<Subscription> items;
  std::optional<std::string> next_cursor;  // absent on the last page
};

struct BlockPage {
  std::vector<Block> items;
  std::optional<std::string> next_cursor;  // absent on the last page
};

class ChannelService {
 public:
  // Publishes kSubscriptionChanged and kBlockChanged (ChannelEvents.h) on `bus`.
  ChannelService(db::Database& db, videos::VideoService& videos, const Clock& clock, events::EventBus& bus)
      : store_(db), videos_(videos), clock_(clock), bus_(bus) {}

  // 404 for an unknown channel, 400 for one's own. Lifts a block of the channel.
  Subscribed subscribe(const accounts::Principal& subscriber, const std::string& username);
  // 404 for an unknown channel; succeeds whether or not there was a subscription.
  void unsubscribe(const accounts::Principal& subscriber, const std::string& username);
  // The channels `subscriber` follows, newest subscription first.
  SubscriptionPage subscriptions(const accounts::Principal& subscriber, const ChannelListQuery& query);
  // 404 for an unknown channel, 400 for one's own. Ends a subscription to the channel.
  Blocked block(const accounts::Principal& user, const std::string& username);
  // 404 for an unknown channel; succeeds whether or not there was a block.
  void unblock(const accounts::Principal& user, const std::string& username);
  // The channels `user` blocked, newest block first.
  BlockPage blocks(const accounts::Principal& user, const ChannelListQuery& query);
  ChannelStats stats(const std::string& user_id) { return store_.stats(user_id); }
  // True when `user_id` blocked the channel of `channel_id` (an account's id).
  bool has_blocked(const std::string& user_id, const std::string& channel_id) {
    return store_.has_blocked(user_id, channel_id);
  }
  // For account deletion, before the account row goes: ends its subscriptions through the
  // counters (the row's cascade would drop them and leave the channels' counts high).
  void forget_subscriber(const std::string& user_id) { store_.remove_subscriber(user_id); }
  // The channel's videos as videos::VideoService::list shows them to `caller`.
  // `adult_allowed`: ?adult=true and past the age gate (others' adult videos).
  videos::VideoPage videos(const accounts::Caller& caller, const std::string& username,
                           std::optional<std::int64_t> limit, std::optional<std::string> cursor,
                           bool adult_allowed = false);
  // 404 for an unknown channel.
  ChannelSummary channel_named(const std::string& username);

 private:
  // The channel `user` names to subscribe to or block: 404 unknown, 400 their own.
  ChannelSummary other_channel(const accounts::Principal& user, const std::string& username, const char* action);
  void publish(const char* type, const std::string& user_id, const std::string& channel_id);

  ChannelStore store_;
  videos::VideoService& videos_;
  const Clock& clock_;
  events::EventBus& bus_;
};

}  // namespace marquee::channels
