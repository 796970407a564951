#include "channels/ChannelService.h"

#include "channels/SubscriptionCursor.h"
#include "core/Error.h"

namespace marquee::channels {

ChannelSummary ChannelService::channel_named(const std::string& username) {
  auto channel = store_.find_channel(username);
  if (!channel) throw_not_found("channel");
  return *channel;
}

Subscribed ChannelService::subscribe(const accounts::Principal& subscriber, const std::string& username) {
  ChannelSummary channel = channel_named(username);
  if (channel.id == subscriber.user_id) throw_validation("username", "you cannot subscribe to your own channel");
  auto subscribed = store_.subscribe(subscriber.user_id, channel.id, clock_.now_ms());
  if (!subscribed) throw_not_found("channel");
  for (const auto& listener : subscription_listeners_) listener(subscriber.user_id);
  return *subscribed;
}

void ChannelService::unsubscribe(const accounts::Principal& subscriber, const std::string& username) {
  store_.unsubscribe(subscriber.user_id, channel_named(username).id);
  for (const auto& listener : subscription_listeners_) listener(subscriber.user_id);
}

SubscriptionPage ChannelService::subscriptions(const accounts::Principal& subscriber, const SubscriptionQuery& query) {
  const std::int64_t limit = query.limit.value_or(kDefaultPageSize);
  if (limit < 1 || limit > kMaxPageSize) {
    throw_validation("limit", "limit must be between 1 and " + std::to_string(kMaxPageSize));
  }
  std::optional<SubscriptionListPosition> after;
  if (query.cursor && !query.cursor->empty()) after = decode_subscription_cursor(*query.cursor);

  SubscriptionPage page;
  page.items = store_.subscriptions(subscriber.user_id, after, static_cast<int>(limit) + 1);
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.resize(static_cast<std::size_t>(limit));
    const Subscription& last = page.items.back();
    page.next_cursor = encode_subscription_cursor({last.subscribed_at, last.channel.id});
  }
  return page;
}

videos::VideoPage ChannelService::videos(const accounts::Caller& caller, const std::string& username,
                                         std::optional<std::int64_t> limit, std::optional<std::string> cursor) {
  if (username.empty()) throw_not_found("channel");
  videos::VideoQuery query;
  query.channel = username;
  query.limit = limit;
  query.cursor = std::move(cursor);
  return videos_.list(caller, query);
}

}  // namespace marquee::channels
